import { join } from "node:path";
import type { ExecutorContext } from "@nx/devkit";
import { evaluateTasks, runnerProcesses } from "./evaluations";
import type { EvaluateExecutorOptions } from "./schema";

/**
 * `@acme/platform:evaluate` for one service (`nx run <service>:evaluate`): its stages, each in its
 * own runner process side by side, up to one per core (as the two `sst-offline evaluate` commands
 * were, on two cores), kept in
 * `.sst/offline/<stage>.json`. Many services at once go through `./batch.ts`.
 */
export default async function evaluateExecutor(
  options: EvaluateExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const projectRoot = context.projectsConfigurations?.projects[context.projectName ?? ""]?.root;
  if (projectRoot === undefined) {
    console.error(`✗ evaluate: no project "${context.projectName}" in the workspace.`);
    return { success: false };
  }
  const id = `${context.projectName}:evaluate`;
  const results = await evaluateTasks(
    context.root,
    [{ id, projectDir: join(context.root, projectRoot), options }],
    runnerProcesses([options]),
  );
  const result = results[id];
  process.stdout.write(result?.terminalOutput ?? "");
  return { success: result?.success ?? false };
}
