import { join } from "node:path";
import type { ExecutorContext, TaskGraph } from "@nx/devkit";
import { evaluateTasks, runnerProcesses, type TaskResult } from "./evaluations";
import type { EvaluateExecutorOptions } from "./schema";

/**
 * `@acme/platform:evaluate` for many services (Nx's batch mode; the executor `preferBatch`es, so
 * `nx run-many -t evaluate` and every target that depends on `evaluate` use it without a flag):
 * every stage of every service in at most `processes` runner processes (default: one per core,
 * docs/adr/0012-batches-use-every-core.md), each loading Pulumi, the AWS provider and SST's
 * platform once for all the programs it evaluates (@acme/sst-offline's `evaluateBatch`). Each evaluation is kept exactly as a separate
 * `sst-offline evaluate` keeps it, and each task is cached on its own
 * (docs/adr/0010-batch-evaluate.md).
 */
export default async function evaluateBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, EvaluateExecutorOptions>,
  _overrides: EvaluateExecutorOptions,
  context: ExecutorContext,
): Promise<Record<string, TaskResult>> {
  const tasks = Object.values(taskGraph.tasks).map((task) => ({
    id: task.id,
    projectDir: join(context.root, task.projectRoot ?? projectRootOf(context, task.target.project)),
    options: inputs[task.id] ?? { stages: [] },
  }));
  const processes = runnerProcesses(tasks.map((task) => task.options));
  const results = await evaluateTasks(context.root, tasks, processes);
  for (const task of Object.values(taskGraph.tasks)) {
    const output = results[task.id]?.terminalOutput;
    if (output) process.stdout.write(`\n> ${task.target.project}:evaluate\n\n${output}`);
  }
  return results;
}

function projectRootOf(context: ExecutorContext, project: string): string {
  const root = context.projectsConfigurations?.projects[project]?.root;
  if (root === undefined) throw new Error(`evaluate: no project "${project}" in the workspace.`);
  return root;
}
