import { relative } from "node:path";
import {
  type BatchOutcome,
  evaluateBatch,
  relocateLocations,
  unsetSecret,
} from "@acme/sst-offline";
import { batchWidth } from "../batch-width";
import type { EvaluateExecutorOptions } from "./schema";

/** One Nx task: a service and the stages it evaluates. */
export interface EvaluateTask {
  id: string;
  /** The service's folder (absolute). */
  projectDir: string;
  options: EvaluateExecutorOptions;
}

/** A task's result, as Nx's batch mode takes it (nx's `TaskResult`). */
export interface TaskResult {
  success: boolean;
  terminalOutput: string;
  startTime: number;
  endTime: number;
}

/**
 * How many runner processes evaluate side by side: the `processes` option (the largest any task
 * sets), or one per core (each loads Pulumi and SST's platform once, about 1 CPU s).
 */
export function runnerProcesses(options: readonly EvaluateExecutorOptions[]): number {
  return batchWidth(options.map((option) => option.processes));
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/**
 * Evaluates every stage of every task in one `evaluateBatch()` (a few runner processes that load
 * Pulumi and SST's platform once), reading what is kept and current, and keeping the rest; each
 * task's result says what `sst-offline evaluate --stage <s> [--skip-unset-secrets]` would print
 * for each of its stages.
 */
export async function evaluateTasks(
  root: string,
  tasks: readonly EvaluateTask[],
  processes: number,
): Promise<Record<string, TaskResult>> {
  const startTime = Date.now();
  const jobs = tasks.flatMap((task) =>
    task.options.stages.map((stage) => ({ task, stage, appDir: task.projectDir })),
  );
  const { outcomes } = await evaluateBatch(
    jobs.map(({ appDir, stage }) => ({ appDir, stage })),
    { read: true, write: true },
    { processes },
  );
  const seconds = ((Date.now() - startTime) / 1000).toFixed(1);
  const results: Record<string, TaskResult> = {};
  for (const task of tasks) {
    const lines: string[] = [];
    // A failure's message → the stages that failed with it: a syntax error fails every stage
    // alike, and is said once.
    const failures = new Map<string, string[]>();
    jobs.forEach((job, index) => {
      if (job.task !== task) return;
      const line = describe(task, job.stage, outcomes[index] as BatchOutcome, seconds);
      if ("failure" in line)
        failures.set(line.failure, [...(failures.get(line.failure) ?? []), job.stage]);
      else lines.push(line.text);
    });
    for (const [message, stages] of failures) lines.push(failureText(root, task, stages, message));
    const success = failures.size === 0;
    results[task.id] = {
      success,
      terminalOutput: lines.join(""),
      startTime,
      endTime: Date.now(),
    };
  }
  return results;
}

/** The line `sst-offline evaluate` prints for one stage (`seconds`: the whole batch's time). */
function describe(
  task: EvaluateTask,
  stage: string,
  outcome: BatchOutcome,
  seconds: string,
): { text: string } | { failure: string } {
  if (outcome.ok) {
    const { kept } = outcome;
    if (!kept.artifact) return { failure: "Evaluated, but the result could not be kept." };
    const shown = relative(task.projectDir, kept.artifact);
    const { evaluation } = kept;
    return {
      text: `✓ ${kept.reused ? "Current, reused" : "Evaluated, kept"}: ${shown} (${count(evaluation.resources.length, "resource")}, ${count(Object.keys(evaluation.functions).length, "function")}; batch ${seconds} s).\n`,
    };
  }
  const secret = unsetSecret(outcome.error);
  if ((task.options.skipUnsetSecrets ?? true) && secret !== undefined) {
    return {
      text: `- Not kept: stage ${stage} evaluates only once secret ${secret} has a value (\`sst secret set ${secret} --stage ${stage}\` before a deploy). The checks that read this stage evaluate it themselves.\n`,
    };
  }
  return { failure: outcome.error.message };
}

/**
 * A failure, said once for the stages it failed: the service's folder from the workspace root
 * (where Nx runs), and the error's `file:line:column` locations from there too.
 */
function failureText(root: string, task: EvaluateTask, stages: string[], message: string): string {
  const located = relocateLocations(message, task.projectDir, (file) => relative(root, file));
  const which = stages.length === 1 ? `stage ${stages[0]}` : `stages ${stages.join(", ")}`;
  return `✗ Evaluating ${relative(root, task.projectDir)} (${which}) failed:\n${located}\n`;
}
