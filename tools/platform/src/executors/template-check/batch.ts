import type { ExecutorContext, TaskGraph } from "@nx/devkit";
import { FsTree } from "nx/src/generators/tree";
import { checkService } from "./check-service";
import type { TemplateCheckExecutorSchema } from "./schema";

/** A task's result (nx's `TaskResult`, which @nx/devkit does not export). */
interface TaskResult {
  success: boolean;
  terminalOutput: string;
  startTime: number;
  endTime: number;
}

/**
 * `@acme/platform:template-check` for many services (Nx's batch mode; the executor
 * `preferBatch`es): one process and one read-only tree check every service, instead of a
 * process per service that loads Nx and this plugin for a check of a few milliseconds. Each task
 * keeps its own verdict and exactly the lines the single executor prints.
 */
export default async function templateCheckBatch(
  taskGraph: TaskGraph,
  _inputs: Record<string, TemplateCheckExecutorSchema>,
  _overrides: TemplateCheckExecutorSchema,
  context: ExecutorContext,
): Promise<Record<string, TaskResult>> {
  const tree = new FsTree(context.root, false);
  const results: Record<string, TaskResult> = {};
  for (const task of Object.values(taskGraph.tasks)) {
    const startTime = Date.now();
    const projectRoot =
      task.projectRoot ?? context.projectsConfigurations.projects[task.target.project]?.root;
    if (projectRoot === undefined) {
      throw new Error(`template-check: no project "${task.target.project}" in the workspace.`);
    }
    const { success, lines } = checkService(tree, projectRoot);
    const terminalOutput = lines.map((line) => `${line.text}\n`).join("");
    // Nx shows a batch's own output, not each task's: what needs reading (a problem, a note) is
    // printed under the task's name, as the typecheck batch prints a project's errors.
    if (!success || lines.length > 1) {
      (success ? process.stdout : process.stderr).write(`\n> ${task.id}\n\n${terminalOutput}`);
    }
    results[task.id] = { success, terminalOutput, startTime, endTime: Date.now() };
  }
  return results;
}
