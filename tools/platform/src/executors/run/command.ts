import { join } from "node:path";
import { resolveProgram } from "./program";
import type { RunExecutorOptions } from "./schema";
import { stageArgumentProblem } from "./stage";

/** What a run starts: a file with an argument array (never a shell command line), in a folder. */
export interface Command {
  file: string;
  args: string[];
  cwd: string;
}

/**
 * The command a run of `options` starts in the workspace at `root`, or the problem that stops it
 * before anything starts (a refused `--stage`, a program the package does not have). The user's
 * arguments (`__unparsed__`) follow the options' own, byte for byte.
 */
export function commandFor(
  options: RunExecutorOptions,
  root: string,
): { command: Command } | { problem: string } {
  const userArgs = options.__unparsed__ ?? [];
  if (options.validateStage) {
    const problem = stageArgumentProblem(userArgs);
    if (problem) return { problem };
  }
  let program: ReturnType<typeof resolveProgram>;
  try {
    program = resolveProgram(root, options.package, options.bin);
  } catch (error) {
    return { problem: (error as Error).message };
  }
  const args = [...(options.args ?? []), ...userArgs];
  return {
    command: {
      file: program.node ? process.execPath : program.file,
      args: program.node ? [program.file, ...args] : args,
      cwd: join(root, options.cwd ?? ""),
    },
  };
}

/** Passes Ctrl-C and termination on to `kill` until the returned function is called. */
export function forwardSignals(kill: (signal: NodeJS.Signals) => void): () => void {
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const signal of signals) process.on(signal, kill);
  return () => {
    for (const signal of signals) process.off(signal, kill);
  };
}
