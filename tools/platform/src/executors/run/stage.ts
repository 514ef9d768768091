import { stageProblem } from "@acme/contract";

/**
 * The problem with the first `--stage` in `args` that the platform contract refuses, or undefined.
 * Both spellings SST accepts are read: `--stage <name>` and `--stage=<name>`.
 */
export function stageArgumentProblem(args: readonly string[]): string | undefined {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === "--") break;
    let stage: string | undefined;
    if (arg.startsWith("--stage=")) stage = arg.slice("--stage=".length);
    else if (arg === "--stage") {
      stage = args[index + 1];
      if (stage === undefined || stage.startsWith("--")) {
        return "--stage needs a value, e.g. --stage production.";
      }
      index++;
    } else continue;
    const problem = stageProblem(stage);
    if (problem) return problem;
  }
  return undefined;
}
