import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CHECKED_STAGES } from "@acme/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactPath } from "./artifact.js";
import { evaluateAndKeep } from "./evaluate.js";
import { type BatchResult, evaluateBatch } from "./evaluate-batch.js";
import { fixture } from "./test/fixtures.js";

const WORKSPACE = fileURLToPath(new URL("../../..", import.meta.url));
/** Copies of the examples inside the workspace (so `@acme/infra` resolves), git-ignored. */
const SCRATCH = fileURLToPath(new URL(`../.scratch-batch-${process.pid}`, import.meta.url));
/** A $transform and a Postgres with its Vpc (orders), a queue and its consumer, a cron job. */
const EXAMPLES = ["orders", "notifications", "billing-report"];
const NOT_COPIED = new Set([".sst", "node_modules", "dist"]);

interface Job {
  appDir: string;
  stage: string;
}

const jobs: Job[] = EXAMPLES.flatMap((name) =>
  CHECKED_STAGES.map((stage) => ({ appDir: join(SCRATCH, name), stage })),
);
const label = (job: Job) => `${job.appDir.split("/").pop()}:${job.stage}`;
const kept = (job: Job) => readFileSync(artifactPath(job.appDir, job.stage, false), "utf8");
const clear = (list: readonly Job[]) => {
  for (const job of list) rmSync(artifactPath(job.appDir, job.stage, false), { force: true });
};

/** Each job's artifact as a separate evaluation (its own process) keeps it. */
const separately = new Map<string, string>();

/** Runs a batch from no kept artifacts; returns its result and the artifacts it kept. */
async function batch(list: readonly Job[], processes: number) {
  clear(list);
  const result: BatchResult = await evaluateBatch(
    list,
    { read: false, write: true },
    { processes },
  );
  const artifacts = list.map((job, index) =>
    result.outcomes[index]?.ok ? kept(job) : `failed: ${String(result.outcomes[index])}`,
  );
  return { result, artifacts };
}

describe("evaluateBatch", () => {
  beforeAll(async () => {
    mkdirSync(SCRATCH, { recursive: true });
    for (const name of EXAMPLES) {
      cpSync(join(WORKSPACE, "apps", name), join(SCRATCH, name), {
        recursive: true,
        filter: (source) => !NOT_COPIED.has(source.split("/").pop() ?? ""),
      });
    }
    for (const job of jobs) {
      await evaluateAndKeep(job, { read: false, write: true });
      separately.set(label(job), kept(job));
    }
  }, 240_000);
  afterAll(() => rmSync(SCRATCH, { recursive: true, force: true }));

  it("keeps each example's artifacts byte for byte as separate evaluations do, in one process, in either order", async () => {
    for (const order of [jobs, [...jobs].reverse()]) {
      const { result, artifacts } = await batch(order, 1);
      expect(result.processes).toBe(1);
      expect(Object.fromEntries(order.map((job, index) => [label(job), artifacts[index]]))).toEqual(
        Object.fromEntries(order.map((job) => [label(job), separately.get(label(job))])),
      );
    }
  }, 240_000);

  it("splits the jobs over two processes with the same artifacts", async () => {
    const { result, artifacts } = await batch(jobs, 2);
    expect(result.processes).toBe(2);
    expect(artifacts).toEqual(jobs.map((job) => separately.get(label(job))));
  }, 240_000);

  it("fails only the program that fails, with its own message; the others are kept", async () => {
    const failing = { appDir: fixture("visible-error"), stage: "dev" };
    const [first, last] = [jobs[2], jobs[4]] as [Job, Job];
    clear([first, last]);
    const { outcomes, processes } = await evaluateBatch(
      [first, failing, last],
      { read: false, write: true },
      { processes: 1 },
    );
    expect(outcomes[1]).toMatchObject({
      ok: false,
      error: {
        name: "EvaluationError",
        message:
          'Component name "App" is reserved. Please choose a different name for your "sst:aws:Bucket" component.',
      },
    });
    expect(outcomes[0]?.ok && outcomes[2]?.ok).toBe(true);
    expect([kept(first), kept(last)]).toEqual([
      separately.get(label(first)),
      separately.get(label(last)),
    ]);
    // Three processes: the fixture imports other packages than the examples, so the first runner
    // stops before it (what their modules read could not be credited exactly); the runner stops
    // after a failure, so the job after it runs in a third.
    expect(processes).toBe(3);
    expect(existsSync(artifactPath(failing.appDir, "dev", false))).toBe(false);
  }, 240_000);

  it("reads what is kept and current without starting a runner", async () => {
    const { result } = await batch(jobs.slice(0, 2), 1);
    expect(result.processes).toBe(1);
    const again = await evaluateBatch(jobs.slice(0, 2), { read: true, write: true });
    expect(again.processes).toBe(0);
    expect(again.outcomes.map((outcome) => outcome.ok && outcome.kept.reused)).toEqual([
      true,
      true,
    ]);
  }, 240_000);
});
