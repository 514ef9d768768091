import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

/** A program to start: the file to run and whether node runs it. */
export interface Program {
  file: string;
  node: boolean;
}

/**
 * The file of program `bin` of npm package `pkg`, as installed for the workspace at `root`.
 * Read from the package's own `bin` field, so that two packages with a program of the same name
 * (`typescript` and `typescript-native` both ship `tsc`) cannot be confused.
 */
export function resolveProgram(root: string, pkg: string, bin: string): Program {
  const dir = packageDir(root, pkg);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    name?: string;
    bin?: string | Record<string, string>;
  };
  const declared =
    typeof manifest.bin === "string"
      ? manifest.name?.split("/").pop() === bin
        ? manifest.bin
        : undefined
      : manifest.bin?.[bin];
  if (declared === undefined) {
    throw new Error(
      `${pkg} has no program "${bin}" in its package.json "bin". Check the target's options (package, bin).`,
    );
  }
  const file = resolve(dir, declared);
  return { file, node: runsOnNode(file) };
}

/** The folder of `pkg` as Node would find it from the workspace root (its package.json need not be exported). */
function packageDir(root: string, pkg: string): string {
  const require = createRequire(join(root, "package.json"));
  for (const nodeModules of require.resolve.paths(pkg) ?? []) {
    const dir = join(nodeModules, pkg);
    if (existsSync(join(dir, "package.json"))) return dir;
  }
  throw new Error(`${pkg} is not installed in ${root}. Run \`npm ci\` at the workspace root.`);
}

/** JavaScript programs run on the node that runs Nx; anything else is started directly. */
function runsOnNode(file: string): boolean {
  if (/\.[cm]?js$/.test(file)) return true;
  const head = readFileSync(file, { encoding: "latin1" }).slice(0, 128);
  return /^#!.*\bnode\b/.test(head);
}
