import { resolve } from "node:path";

/**
 * `tsc -b --verbose` prints, for each project it builds, a line `<time> - Building project
 * '<tsconfig>'...` and then that project's diagnostics (the native compiler prints each project's
 * output together, even when it builds several at once). This splits such an output into what
 * each tsconfig printed, by absolute path; the lines before the first project (the list of
 * projects) and the compiler's status lines are left out.
 */
export function outputByProject(output: string, cwd: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  for (const line of output.split(/\r?\n/)) {
    const building = /- Building project '(.+)'\.\.\.$/.exec(line);
    if (building?.[1]) {
      current = resolve(cwd, building[1]);
      sections.set(current, sections.get(current) ?? "");
      continue;
    }
    if (current === undefined || isStatusLine(line)) continue;
    sections.set(current, `${sections.get(current)}${line}\n`);
  }
  return sections;
}

/** The verbose lines about what is built and why (`<time> - Project '…' is …`), and blank lines. */
function isStatusLine(line: string): boolean {
  return line.trim() === "" || /^\S.* - Project '.+' /.test(line);
}
