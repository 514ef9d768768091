import type { ChildProcess } from "node:child_process";
import type { ExecutorContext, TaskGraph } from "@nx/devkit";
import { batchWidth } from "../batch-width";
import { runCollecting } from "./collect";
import { commandFor, forwardSignals } from "./command";
import type { RunExecutorOptions } from "./schema";

/** A task's result (nx's `TaskResult`, which @nx/devkit does not export). */
interface TaskResult {
  success: boolean;
  terminalOutput: string;
  startTime: number;
  endTime: number;
}

/**
 * `@acme/platform:run-batched` for many tasks (Nx's batch mode; the executor `preferBatch`es): the
 * same program each task's own run would start, with the same argument array and folder, no
 * shell, but from this one process, so Nx does not start a process of its own (Nx, the plugin,
 * the executor: about 0.4 CPU s) per service before each program. As many programs run at once
 * as the machine has cores, a task only after the tasks of the batch it depends on. Each task
 * keeps its own verdict and output, printed under its name when it ends.
 */
export default async function runBatched(
  taskGraph: TaskGraph,
  inputs: Record<string, RunExecutorOptions>,
  _overrides: RunExecutorOptions,
  context: ExecutorContext,
): Promise<Record<string, TaskResult>> {
  const results: Record<string, TaskResult> = {};
  const waiting = new Set(Object.keys(taskGraph.tasks));
  const running = new Map<string, Promise<void>>();
  const children = new Set<ChildProcess>();
  const stopForwarding = forwardSignals((signal) => {
    for (const child of children) child.kill(signal);
  });
  const slots = batchWidth([]);
  try {
    while (waiting.size > 0 || running.size > 0) {
      for (const id of readyTasks(taskGraph, waiting, results)) {
        if (running.size >= slots) break;
        waiting.delete(id);
        const options = inputs[id] as RunExecutorOptions;
        running.set(
          id,
          runTask(id, options, context.root, children).then((result) => {
            results[id] = result;
            running.delete(id);
          }),
        );
      }
      if (running.size === 0) break; // what is left waits on a task outside this batch
      await Promise.race(running.values());
    }
  } finally {
    stopForwarding();
  }
  return results;
}

/** The waiting tasks whose dependencies in this batch have all ended. */
function readyTasks(
  taskGraph: TaskGraph,
  waiting: Set<string>,
  results: Record<string, TaskResult>,
): string[] {
  return [...waiting].filter((id) =>
    (taskGraph.dependencies[id] ?? []).every(
      ({ id: dependency }) => !(dependency in taskGraph.tasks) || dependency in results,
    ),
  );
}

async function runTask(
  id: string,
  options: RunExecutorOptions,
  root: string,
  children: Set<ChildProcess>,
): Promise<TaskResult> {
  const startTime = Date.now();
  const prepared = commandFor(options, root);
  const { code, output } =
    "problem" in prepared
      ? { code: 1, output: `✕ ${prepared.problem}\n` }
      : await runCollecting(prepared.command.file, prepared.command.args, prepared.command.cwd, {
          started: (child) => {
            children.add(child);
            child.on("close", () => children.delete(child));
          },
        });
  // Nx shows a batch's own output, not each task's: each task's is printed under its name.
  if (output) (code === 0 ? process.stdout : process.stderr).write(`\n> ${id}\n\n${output}`);
  return { success: code === 0, terminalOutput: output, startTime, endTime: Date.now() };
}
