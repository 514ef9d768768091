import { type CollectedRun, runCollecting } from "../run/collect";
import { resolveProgram } from "../run/program";

/** What a Vitest run printed (stdout and stderr in the order they came) and its exit code. */
export type VitestRun = CollectedRun;

/** One project's own run, as the target always ran it: `vitest run` in its folder, then the user's arguments. */
export function runAloneArgs(userArgs: readonly string[]): string[] {
  return ["run", ...userArgs];
}

/**
 * Runs the workspace's `vitest` with `args` in `cwd` (no shell). `echo` prints its output as it
 * comes (a single task); otherwise it is only collected (a batch reports each task's share).
 */
export function runVitest(
  root: string,
  args: string[],
  cwd: string,
  echo: boolean,
): Promise<VitestRun> {
  let program: ReturnType<typeof resolveProgram>;
  try {
    program = resolveProgram(root, "vitest", "vitest");
  } catch (error) {
    return Promise.resolve({ code: 1, output: `✕ ${(error as Error).message}\n` });
  }
  return runCollecting(process.execPath, [program.file, ...args], cwd, { echo, name: "Vitest" });
}
