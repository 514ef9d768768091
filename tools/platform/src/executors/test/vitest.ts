import { spawn } from "node:child_process";
import { resolveProgram } from "../run/program";

/** What a Vitest run printed (stdout and stderr in the order they came) and its exit code. */
export interface VitestRun {
  code: number;
  output: string;
}

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
  return new Promise((resolvePromise) => {
    let program: ReturnType<typeof resolveProgram>;
    try {
      program = resolveProgram(root, "vitest", "vitest");
    } catch (error) {
      resolvePromise({ code: 1, output: `✕ ${(error as Error).message}\n` });
      return;
    }
    const child = spawn(process.execPath, [program.file, ...args], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
      shell: false,
    });
    let output = "";
    const collect = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      output += chunk.toString("utf8");
      if (echo) stream.write(chunk);
    };
    child.stdout.on("data", collect(process.stdout));
    child.stderr.on("data", collect(process.stderr));
    child.on("error", (error) => {
      output += `✕ Could not start Vitest: ${error.message}\n`;
      resolvePromise({ code: 1, output });
    });
    child.on("close", (code, signal) => resolvePromise({ code: code ?? (signal ? 1 : 0), output }));
  });
}
