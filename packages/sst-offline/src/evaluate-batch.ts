/**
 * `evaluateBatch()`: many evaluations (services and stages) in few runner processes, each loading
 * Pulumi, the AWS provider and SST's externals once for all the programs it evaluates (the runner's
 * batch mode, runner/batch.ts). Each evaluation is kept exactly as `evaluate()` keeps it; one that
 * fails fails alone, with its own message.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEFAULT_TIMEOUT_MS,
  EvaluationError,
  finishJob,
  type KeepPolicy,
  type KeptEvaluation,
  type PendingJob,
  prepareJob,
  runChild,
} from "./evaluate.js";
import { existsSync } from "node:fs";
import { EXIT_RESTART } from "./runner/batch.js";
import type { RunnerOptions } from "./runner/evaluation.js";
import type { EvaluateOptions } from "./types.js";

export interface EvaluateBatchOptions {
  /** At most this many runner processes side by side (default 2). */
  processes?: number;
  /** Each evaluation may take this long; a process gets this times its number of jobs. */
  timeoutMs?: number;
}

/** The outcome of one evaluation of a batch, in the order given. */
export type BatchOutcome = { ok: true; kept: KeptEvaluation } | { ok: false; error: Error };

export interface BatchResult {
  /** One per job, in the order given. */
  outcomes: BatchOutcome[];
  /** How many runner processes were started (a failure or a restart starts another). */
  processes: number;
}

/**
 * Evaluates every `(appDir, stage, dev)` of `jobs` (reading what is kept and current when the
 * policy allows), splitting what must run over at most `processes` runner processes.
 */
export async function evaluateBatch(
  jobs: readonly EvaluateOptions[],
  policy: KeepPolicy,
  options: EvaluateBatchOptions = {},
): Promise<BatchResult> {
  const outcomes: BatchOutcome[] = new Array(jobs.length);
  const pending: { index: number; job: PendingJob }[] = [];
  await Promise.all(
    jobs.map(async (job, index) => {
      try {
        const prepared = await prepareJob(job, policy);
        if ("evaluation" in prepared) outcomes[index] = { ok: true, kept: prepared };
        else pending.push({ index, job: prepared });
      } catch (error) {
        outcomes[index] = { ok: false, error: asError(error) };
      }
    }),
  );
  pending.sort((a, b) => a.index - b.index);
  const groups = split(pending, Math.max(1, options.processes ?? 2));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const started = await Promise.all(groups.map((group) => runGroup(group, timeoutMs, outcomes)));
  return { outcomes, processes: started.reduce((sum, count) => sum + count, 0) };
}

/** `items` dealt round robin into at most `count` groups (none empty). */
function split<T>(items: readonly T[], count: number): T[][] {
  const groups: T[][] = Array.from({ length: Math.min(count, items.length) }, () => []);
  items.forEach((item, index) => {
    groups[index % groups.length]?.push(item);
  });
  return groups;
}

/**
 * Runs a group's jobs in one runner process. The runner stops after a job that fails (so nothing
 * that program left running can reach the next); the jobs after it start in a fresh process.
 */
async function runGroup(
  group: { index: number; job: PendingJob }[],
  timeoutMs: number,
  outcomes: BatchOutcome[],
): Promise<number> {
  let remaining = group;
  let processes = 0;
  while (remaining.length > 0) {
    processes++;
    const temp = mkdtempSync(join(tmpdir(), "sst-offline-batch-"));
    try {
      const batch: RunnerOptions[] = remaining.map(({ job }, position) => ({
        ...job.runnerOptions,
        resultFile: join(temp, `${position}.json`),
      }));
      const runner = remaining[0]?.job.runner as string;
      const { code, output } = await runChild(
        [runner, JSON.stringify({ batch })],
        timeoutMs * remaining.length,
      );
      let position = 0;
      for (; position < remaining.length; position++) {
        const { index, job } = remaining[position] as (typeof remaining)[number];
        const resultFile = batch[position]?.resultFile as string;
        // The runner stopped before this job, to start it in a fresh process.
        if (code === EXIT_RESTART && !existsSync(resultFile)) break;
        try {
          outcomes[index] = { ok: true, kept: finishJob(job, resultFile, { code, output }) };
        } catch (error) {
          outcomes[index] = { ok: false, error: asError(error) };
          position++;
          break;
        }
      }
      remaining = remaining.slice(position);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }
  return processes;
}

function asError(error: unknown): Error {
  return error instanceof Error
    ? error
    : new EvaluationError(String(error), { appDir: "", stage: "" });
}
