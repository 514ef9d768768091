/**
 * The batch runner: several evaluations, one after the other, in ONE process that loads Pulumi,
 * the AWS provider and the platform's externals once (`node <runner> '{"batch":[...]}'`;
 * evaluate-batch.ts starts it). Each result is written to its job's result file as soon as the
 * job is over, exactly as the single runner writes it.
 *
 * What keeps one program's state from the next:
 * - Pulumi's settings, mocks, stack resource and stack transformations live in a fresh store
 *   (`withLocalStorage`, as the Automation API runs inline programs);
 * - each program is its own esbuild bundle imported from its own work folder, so SST's components
 *   (`$transform` registrations, `Function`/`Link` registries, `$secrets`) load afresh;
 * - the offline globals (`$app`, the random counter), `SST_SERVER`, the working directory and the
 *   environment recording are set per program;
 * - a program is over when the event loop has drained (`beforeExit`, as in the single runner; its
 *   handler starts the next program, and Node goes on);
 * - after a program FAILS the process exits: nothing it left running can touch the next one
 *   (evaluate-batch.ts starts a fresh process for the jobs not done).
 */
import { writeFileSync } from "node:fs";
import {
  type RunnerOptions,
  type RunnerResult,
  type RunningEvaluation,
  startEvaluation,
} from "./evaluation.js";
import { ImportsDiffer, loadSharedRuntime, type SharedRuntime } from "./shared-runtime.js";
import { stepTimer } from "./timing.js";

/** What the parent passes for a batch. */
export interface BatchOptions {
  batch: RunnerOptions[];
}

export function isBatch(options: unknown): options is BatchOptions {
  return Array.isArray((options as Partial<BatchOptions>)?.batch);
}

/**
 * The exit code of a runner that stopped BEFORE a job it could not evaluate exactly in this process
 * (its result file is not written): the parent starts that job again in a fresh process.
 */
export const EXIT_RESTART = 75;

/** Where process-wide errors go: the program under way. */
let reportError: (error: unknown) => void = () => {};

/** Evaluates the jobs in order; exits 1 after the first job that fails, 0 when all succeeded. */
export async function runBatch(
  { batch }: BatchOptions,
  describe: (error: Error) => string,
): Promise<never> {
  process.on("unhandledRejection", (error) => reportError(error));
  process.on("uncaughtException", (error) => reportError(error));
  const cwd = process.cwd();
  const shared = loadSharedRuntime();
  for (const job of batch) {
    process.chdir(cwd);
    shared.restoreEnvironment();
    const result = await evaluateOne(job, shared, describe);
    if (result === "restart") process.exit(EXIT_RESTART);
    writeFileSync(job.resultFile, JSON.stringify(result));
    if (!result.ok) process.exit(1);
  }
  process.exit(0);
}

function failed(message: string, name = "Error"): RunnerResult {
  return { ok: false, error: { name, message } };
}

/** One job of the batch, until its program has settled (or failed). */
function evaluateOne(
  job: RunnerOptions,
  shared: SharedRuntime,
  describe: (error: Error) => string,
): Promise<RunnerResult | "restart"> {
  const mark = stepTimer();
  return new Promise((resolveResult) => {
    let failure: Error | undefined;
    let done = false;
    let running: RunningEvaluation | undefined;
    const finish = (result: () => RunnerResult | "restart") => {
      if (done) return;
      done = true;
      process.off("beforeExit", drained);
      resolveResult(result());
    };
    const fail = (error: unknown) => {
      if (failure) return;
      failure = error instanceof Error ? error : new Error(String(error));
      if (failure instanceof ImportsDiffer) return finish(() => "restart");
      const name = failure.name;
      const message = describe(failure);
      // The first error wins once the current tick is over, as in the single runner.
      setImmediate(() => finish(() => failed(running ? running.scrub(message) : message, name)));
    };
    // The program is over when the event loop has drained, as in the single runner: Node emits
    // `beforeExit` then, and goes on if its handler starts more work (the next program).
    const drained = () => {
      mark("run() until the event loop drained");
      running?.close();
      const result = failure ? undefined : running?.result();
      if (failure) finish(() => failed(describe(failure as Error), (failure as Error).name));
      else if (!running) finish(() => failed("The evaluation stopped before it started."));
      else if (!result) finish(() => failed("The program stopped before run() finished."));
      else finish(() => ({ ok: true, ...result }));
    };
    process.once("beforeExit", drained);
    reportError = fail;
    startEvaluation(job, {
      fail,
      mark,
      isolate: (pulumi, work) => pulumi.withFreshStore(work),
      recordEnvironment: () => shared.recordProgram(),
      runnerStep: (step, work) => shared.runnerStep(step, work),
      importProgram: (externals, programFile, load) =>
        shared.importProgram(externals, programFile, load),
    }).then((evaluation) => {
      running = evaluation;
    }, fail);
  });
}
