import type { ExecutorContext, Task, TaskGraph } from "@nx/devkit";

/**
 * For the batch executors' tests: the executor context of a workspace at `root` whose projects
 * live in `<folder>/<name>`, as Nx passes it (to one task when `projectName` is given).
 */
export function batchContext(
  root: string,
  folder: string,
  names: readonly string[],
  projectName?: string,
): ExecutorContext {
  return {
    root,
    projectName,
    projectsConfigurations: {
      version: 2,
      projects: Object.fromEntries(names.map((name) => [name, { root: `${folder}/${name}` }])),
    },
  } as unknown as ExecutorContext;
}

/** The task graph Nx hands a batch: `target` of each project in `<folder>/<name>`, none depending on another. */
export function batchGraph(target: string, folder: string, names: readonly string[]): TaskGraph {
  const tasks: Record<string, Task> = {};
  for (const name of names) {
    tasks[`${name}:${target}`] = {
      id: `${name}:${target}`,
      target: { project: name, target },
      overrides: {},
      projectRoot: `${folder}/${name}`,
      outputs: [],
      parallelism: true,
    } as unknown as Task;
  }
  return {
    roots: Object.keys(tasks),
    tasks,
    dependencies: Object.fromEntries(Object.keys(tasks).map((id) => [id, []])),
    continuousDependencies: Object.fromEntries(Object.keys(tasks).map((id) => [id, []])),
  };
}
