// Prints, as JSON, the hash Nx gives each task of the targets named in argv[2] (comma-separated),
// computed by Nx's own task hasher for the workspace in the current folder. Nx has no command that
// prints hashes without running the tasks, so this calls the functions its task runner calls.
const { join } = require("node:path");
const root = process.cwd();
const dist = join(root, "node_modules/nx/dist/src");
(async () => {
  const { createProjectGraphAsync } = require(join(dist, "project-graph/project-graph"));
  const { createTaskGraph } = require(join(dist, "tasks-runner/create-task-graph"));
  const { createTaskHasher } = require(join(dist, "hasher/create-task-hasher"));
  const { readNxJson } = require(join(dist, "config/nx-json"));
  const graph = await createProjectGraphAsync({ exitOnError: true });
  const targets = process.argv[2].split(",");
  const projects = Object.keys(graph.nodes);
  const taskGraph = createTaskGraph(graph, {}, projects, targets, undefined, {
    __overrides_unparsed__: [],
  });
  const hasher = createTaskHasher(graph, readNxJson(root), {});
  const hashes = {};
  for (const task of Object.values(taskGraph.tasks)) {
    if (!targets.includes(task.target.target)) continue;
    hashes[task.id] = (await hasher.hashTask(task, taskGraph, process.env)).value;
  }
  process.stdout.write(JSON.stringify(hashes));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
