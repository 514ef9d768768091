import { spawn } from "node:child_process";
import type { ExecutorContext } from "@nx/devkit";
import { type Command, commandFor, forwardSignals } from "./command";
import type { RunExecutorOptions } from "./schema";

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
  const prepared = commandFor(options, context.root);
  if ("problem" in prepared) {
    console.error(`✕ ${prepared.problem}`);
    return { success: false };
  }
  return { success: (await run(prepared.command)) === 0 };
}

/** Runs the program to its end, its output on this process's; resolves with its exit code. */
function run({ file, args, cwd }: Command): Promise<number> {
  return new Promise((resolvePromise) => {
    const child = spawn(file, args, { cwd, stdio: "inherit", shell: false });
    const stopForwarding = forwardSignals((signal) => child.kill(signal));
    const done = (code: number) => {
      stopForwarding();
      resolvePromise(code);
    };
    child.on("error", (error) => {
      console.error(`✕ Could not start ${file}: ${error.message}`);
      done(1);
    });
    child.on("exit", (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}
