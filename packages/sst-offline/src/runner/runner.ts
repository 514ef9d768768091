/**
 * The child process that evaluates one app: `node <runner> <options JSON>` (evaluate.ts starts it
 * from a bundle of this file; see runner-script.ts). With `{ "batch": [<options>...] }` it
 * evaluates several apps one after the other instead (batch.ts; evaluate-batch.ts starts it).
 *
 * Pulumi's runtime is process-global state, so every evaluation gets a fresh process. This file is
 * the process's lifecycle: read the options, start the evaluation (evaluation.ts), turn any error
 * into a failed result, and when the event loop drains (as Pulumi's own Node host waits) write
 * `{ ok, evaluation | error }` as JSON to the result file and exit.
 */
import { writeFileSync } from "node:fs";
import { isBatch, runBatch } from "./batch.js";
import { type RunnerOptions, type RunnerResult, startEvaluation } from "./evaluation.js";
import { stepTimer } from "./timing.js";

/** SST_OFFLINE_STACK=1 keeps the stack in error messages, to debug a failure inside SST's components. */
const KEEP_STACK = Boolean(process.env.SST_OFFLINE_STACK);

const mark = stepTimer();
mark(
  `node start-up until the runner ran (process uptime ${Math.round(process.uptime() * 1000)} ms)`,
);

const parsed = readOptions(process.argv.slice(2));
if (isBatch(parsed)) await runBatch(parsed, describe);
const options = parsed as RunnerOptions;
let failure: Error | undefined;
let finished = false;
let finish: () => void = () =>
  writeAndExit(
    failure
      ? failed(describe(failure), failure.name)
      : failed("The evaluation stopped before it started."),
  );

process.on("unhandledRejection", fail);
process.on("uncaughtException", fail);
process.once("beforeExit", () => finish());

startEvaluation(options, { fail, mark }).then((evaluation) => {
  finish = () => {
    mark("run() until the event loop drained");
    evaluation.close();
    const result = failure ? undefined : evaluation.result();
    if (failure) writeAndExit(failed(evaluation.scrub(describe(failure)), failure.name));
    else if (!result) writeAndExit(failed("The program stopped before run() finished."));
    else writeAndExit({ ok: true, ...result });
  };
}, fail);

function readOptions(argv: string[]): unknown {
  const [raw] = argv;
  if (!raw) {
    console.error("Usage: node runner.mjs <options JSON>");
    process.exit(2);
  }
  return JSON.parse(raw);
}

/** The first error ends the evaluation (once the current tick is over: others may follow it). */
function fail(error: unknown): void {
  if (failure) return;
  failure = error instanceof Error ? error : new Error(String(error));
  setImmediate(() => finish());
}

function describe(error: Error): string {
  return KEEP_STACK ? (error.stack ?? error.message) : error.message;
}

function failed(message: string, name = "Error"): RunnerResult {
  return { ok: false, error: { name, message } };
}

function writeAndExit(result: RunnerResult): never {
  if (!finished) {
    finished = true;
    writeFileSync(options.resultFile, JSON.stringify(result));
  }
  process.exit(result.ok ? 0 : 1);
}
