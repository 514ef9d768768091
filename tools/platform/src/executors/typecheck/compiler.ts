import { type CollectedRun, runCollecting } from "../run/collect";
import { resolveProgram } from "../run/program";

/** The npm package of the native TypeScript 7 compiler (beside TypeScript 5.9, under an alias). */
export const compilerPackage = "typescript-native";

/** What a compiler run printed (stdout and stderr in the order they came) and its exit code. */
export type CompilerRun = CollectedRun;

/** The `tsc` of the workspace at `root`. */
export function compilerFile(root: string): string {
  return resolveProgram(root, compilerPackage, "tsc").file;
}

/** One project's own check, as the target always ran it: `tsc --noEmit -p <tsconfig>` in its folder. */
export function checkAloneArgs(tsconfig: string): string[] {
  return ["--noEmit", "-p", tsconfig];
}

/**
 * Runs `tsc` with `args` in `cwd` (no shell). `echo` prints its output as it comes (a single
 * task); otherwise it is only collected (a batch reports each task's share).
 */
export function runCompiler(
  root: string,
  args: string[],
  cwd: string,
  echo: boolean,
): Promise<CompilerRun> {
  return runCollecting(process.execPath, [compilerFile(root), ...args], cwd, {
    echo,
    name: "the TypeScript compiler",
  });
}
