import { spawn } from "node:child_process";
import { join } from "node:path";
import type { ExecutorContext } from "@nx/devkit";
import { resolveProgram } from "./program";
import type { RunExecutorOptions } from "./schema";
import { stageArgumentProblem } from "./stage";

/**
 * `@acme/platform:run`: starts a package's program with an argument array. The arguments the user
 * gives Nx (`nx deploy orders --stage pr-42`) come from Nx's unparsed command line and are passed
 * on byte for byte, with no shell in between, so `$(...)`, backticks, `;` or quotes in them are
 * only text.
 */
export default async function runExecutor(
  options: RunExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const userArgs = options.__unparsed__ ?? [];
  if (options.validateStage) {
    const problem = stageArgumentProblem(userArgs);
    if (problem) {
      console.error(`✕ ${problem}`);
      return { success: false };
    }
  }
  let program: ReturnType<typeof resolveProgram>;
  try {
    program = resolveProgram(context.root, options.package, options.bin);
  } catch (error) {
    console.error(`✕ ${(error as Error).message}`);
    return { success: false };
  }
  const args = [...(options.args ?? []), ...userArgs];
  const cwd = join(context.root, options.cwd ?? "");
  const code = await run(
    program.node ? process.execPath : program.file,
    program.node ? [program.file, ...args] : args,
    cwd,
  );
  return { success: code === 0 };
}

/** Runs the program to its end, passing Ctrl-C and termination on; resolves with its exit code. */
function run(file: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolvePromise) => {
    const child = spawn(file, args, { cwd, stdio: "inherit", shell: false });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
    for (const signal of signals) process.on(signal, forward);
    const done = (code: number) => {
      for (const signal of signals) process.off(signal, forward);
      resolvePromise(code);
    };
    child.on("error", (error) => {
      console.error(`✕ Could not start ${file}: ${error.message}`);
      done(1);
    });
    child.on("exit", (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}
