/**
 * `evaluate()`: runs one evaluation in a child Node process (Pulumi's runtime is process-global
 * state) and reads its JSON result.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stageProblem } from "@acme/contract";
import { type ArtifactScope, artifactPath, readFreshArtifact, writeArtifact } from "./artifact.js";
import { resolvePlatform } from "./platform.js";
import type { RunnerOptions, RunnerResult } from "./runner/evaluation.js";
import { runnerScript } from "./runner-script.js";
import type { EvaluateOptions, Evaluation } from "./types.js";

/** The default time an evaluation may take before its process is stopped. */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** The stage evaluated when none is given. */
export const DEFAULT_STAGE = "dev";

/** An evaluation that failed: the message is the program's own (a VisibleError, a missing handler...). */
export class EvaluationError extends Error {
  readonly appDir: string;
  readonly stage: string;
  /** What the program printed (stdout and stderr), for context. */
  readonly output: string;

  constructor(message: string, details: { appDir: string; stage: string; output?: string }) {
    super(message);
    this.name = "EvaluationError";
    this.appDir = details.appDir;
    this.stage = details.stage;
    this.output = details.output ?? "";
  }
}

/** Evaluates the app's `sst.config.ts` `run()` offline and returns every resource it creates. */
export async function evaluate(options: EvaluateOptions): Promise<Evaluation> {
  const reuse = options.reuse ?? true;
  return (await evaluateAndKeep(options, { read: reuse, write: reuse })).evaluation;
}

/** What to do with the kept evaluation (the artifact). */
export interface KeepPolicy {
  /** Read it when it is current. */
  read: boolean;
  /** Keep a new evaluation there. */
  write: boolean;
}

export interface KeptEvaluation {
  evaluation: Evaluation;
  /** True when the kept artifact was read instead of evaluating. */
  reused: boolean;
  /** The artifact read or written (undefined with `reuse: false`, or when it could not be written). */
  artifact: string | undefined;
}

/**
 * {@link evaluate}, saying whether the kept evaluation was reused and where it is kept
 * (`sst-offline evaluate` prints both).
 */
export async function evaluateAndKeep(
  options: EvaluateOptions,
  policy: KeepPolicy,
): Promise<KeptEvaluation> {
  const job = await prepareJob(options, policy);
  if ("evaluation" in job) return job;
  const temp = mkdtempSync(join(tmpdir(), "sst-offline-result-"));
  try {
    const runnerOptions = { ...job.runnerOptions, resultFile: join(temp, "result.json") };
    const { code, output } = await runChild(
      [job.runner, JSON.stringify(runnerOptions)],
      options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    return finishJob(job, runnerOptions.resultFile, { code, output });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** An evaluation to run: what the runner needs, and what keeping its result needs. */
export interface PendingJob {
  scope: ArtifactScope;
  policy: KeepPolicy;
  /** The compiled runner. */
  runner: string;
  /** The runner's options but the result file. */
  runnerOptions: Omit<RunnerOptions, "resultFile">;
}

/**
 * Checks the options and reads the kept evaluation when the policy allows and it is current;
 * otherwise says what to run. Throws {@link EvaluationError} for a bad stage or a missing config.
 */
export async function prepareJob(
  options: EvaluateOptions,
  policy: KeepPolicy,
): Promise<KeptEvaluation | PendingJob> {
  if (!options || typeof options.appDir !== "string" || options.appDir === "") {
    throw new TypeError("evaluate() needs { appDir }: the folder of the service's sst.config.ts.");
  }
  const appDir = resolve(options.appDir);
  const stage = options.stage ?? DEFAULT_STAGE;
  const problem = stageProblem(stage);
  if (problem) throw new EvaluationError(problem, { appDir, stage });
  if (!existsSync(join(appDir, "sst.config.ts")) || !statSync(appDir).isDirectory()) {
    throw new EvaluationError(`No sst.config.ts in ${appDir}.`, { appDir, stage });
  }
  const platform = resolvePlatform(appDir, { platformDir: options.platformDir });
  const runner = await runnerScript();
  const dev = options.dev ?? false;
  const scope: ArtifactScope = { appDir, stage, dev, platform, runner };
  if (policy.read) {
    const kept = readFreshArtifact(scope);
    if (kept) return { evaluation: kept, reused: true, artifact: artifactPath(appDir, stage, dev) };
  }
  return {
    scope,
    policy,
    runner,
    runnerOptions: { appDir, stage, dev, platformDir: platform.dir },
  };
}

/**
 * Reads what the runner wrote for `job` to `resultFile` and keeps it (by the job's policy);
 * throws {@link EvaluationError} with the program's own message when it failed.
 */
export function finishJob(
  job: PendingJob,
  resultFile: string,
  { code, output }: { code: number | string; output: string },
): KeptEvaluation {
  const { appDir, stage } = job.scope;
  if (!existsSync(resultFile)) {
    const tail = output.trim().split("\n").slice(-20).join("\n");
    throw new EvaluationError(
      `The evaluation process exited (${code}) without a result.${tail ? `\n${tail}` : ""}`,
      { appDir, stage, output },
    );
  }
  const result = JSON.parse(readFileSync(resultFile, "utf8")) as RunnerResult;
  if (!result.ok) throw new EvaluationError(result.error.message, { appDir, stage, output });
  const artifact = job.policy.write ? keep(job.scope, result) : undefined;
  return { evaluation: result.evaluation, reused: false, artifact };
}

/** Keeps the evaluation; a folder that cannot be written only means the next one evaluates again. */
function keep(
  scope: ArtifactScope,
  { evaluation, inputs, environment }: Extract<RunnerResult, { ok: true }>,
): string | undefined {
  try {
    return writeArtifact(scope, evaluation, inputs, environment);
  } catch {
    return undefined;
  }
}

/** Runs the runner with `args`; resolves to its exit code and everything it printed. */
export function runChild(
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | string; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: process.env,
    });
    let output = "";
    const collect = (chunk: string) => {
      output += chunk;
    };
    child.stdout.setEncoding("utf8").on("data", collect);
    child.stderr.setEncoding("utf8").on("data", collect);
    const timer = setTimeout(() => {
      output += `\nStopped after ${timeoutMs} ms.`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? signal ?? "unknown", output });
    });
  });
}
