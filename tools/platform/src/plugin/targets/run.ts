import type { TargetConfiguration } from "@nx/devkit";
import type { RunExecutorOptions } from "../../executors/run/schema";
import type { Project } from "../project";

/** The executor that runs a package's program with an argument array, never through a shell. */
export const runExecutor = "@acme/platform:run";

/**
 * The same executor, which Nx batches: the checks a run-many starts for every service (build,
 * infra, platform-check, policy) then start their programs from one Nx process instead of one
 * each. Not for commands a person watches or that keep running (dev, deploy, serve): a batch
 * prints each task's output when the task ends.
 */
export const runBatchedExecutor = "@acme/platform:run-batched";

/**
 * A target that runs `bin` of the npm package `pkg` in the project's folder with `args`, followed
 * by the arguments the user gives Nx (`nx deploy orders --stage pr-42`), each passed as its exact
 * bytes. `validateStage` refuses a bad `--stage` before the program starts.
 */
export function runProgram(
  project: Project,
  program: {
    package: string;
    bin: string;
    args?: string[];
    validateStage?: boolean;
    /** Run through {@link runBatchedExecutor}. */
    batched?: boolean;
  },
): Pick<TargetConfiguration<RunExecutorOptions>, "executor" | "options"> {
  const options: RunExecutorOptions = {
    package: program.package,
    bin: program.bin,
    args: program.args ?? [],
    cwd: project.root,
  };
  if (program.validateStage) options.validateStage = true;
  return { executor: program.batched ? runBatchedExecutor : runExecutor, options };
}

/**
 * A fixed shell command for targets that take no arguments from the user: `forwardAllArgs: false`
 * keeps whatever is typed after the target name out of the shell.
 */
export function fixedCommand(
  command: string,
  cwd?: string,
): Pick<TargetConfiguration, "command" | "options"> {
  return { command, options: { forwardAllArgs: false, ...(cwd ? { cwd } : {}) } };
}

/**
 * Fixed shell commands run side by side (`nx:run-commands`, which fails when one fails), taking
 * nothing from the command line.
 */
export function fixedCommands(
  commands: string[],
  cwd?: string,
): Pick<TargetConfiguration, "executor" | "options"> {
  return {
    executor: "nx:run-commands",
    options: { commands, parallel: true, forwardAllArgs: false, ...(cwd ? { cwd } : {}) },
  };
}
