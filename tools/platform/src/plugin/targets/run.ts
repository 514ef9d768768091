import type { TargetConfiguration } from "@nx/devkit";
import type { RunExecutorOptions } from "../../executors/run/schema";
import type { Project } from "../project";

/** The executor that runs a package's program with an argument array, never through a shell. */
export const runExecutor = "@acme/platform:run";

/**
 * A target that runs `bin` of the npm package `pkg` in the project's folder with `args`, followed
 * by the arguments the user gives Nx (`nx deploy orders --stage pr-42`), each passed as its exact
 * bytes. `validateStage` refuses a bad `--stage` before the program starts.
 */
export function runProgram(
  project: Project,
  program: { package: string; bin: string; args?: string[]; validateStage?: boolean },
): Pick<TargetConfiguration<RunExecutorOptions>, "executor" | "options"> {
  const options: RunExecutorOptions = {
    package: program.package,
    bin: program.bin,
    args: program.args ?? [],
    cwd: project.root,
  };
  if (program.validateStage) options.validateStage = true;
  return { executor: runExecutor, options };
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
