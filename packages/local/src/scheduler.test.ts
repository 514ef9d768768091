import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { Scheduler } from "./scheduler";

const dir = mkdtempSync(join(tmpdir(), "scheduler-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.useRealTimers());

const crons = [
  { name: "Job", functionId: "JobHandler", schedule: "rate(1 minute)", timezone: "UTC" },
  {
    name: "Daily",
    functionId: "JobHandler",
    schedule: "cron(0 6 * * ? *)",
    timezone: "Europe/Paris",
  },
];

describe("Scheduler", () => {
  it("refuses a schedule AWS refuses (the contract's one grammar)", () => {
    const bad = [{ ...crons[0], schedule: "cron(0 6 ? * ? *)" }] as typeof crons;
    expect(
      () =>
        new Scheduler({
          app: "a",
          stage: "s",
          crons: bad,
          dir,
          invoke: async () => {},
          log: () => {},
        }),
    ).toThrow();
  });

  it("runs a job on demand with EventBridge's event, records ok and failed runs", async () => {
    const events: unknown[] = [];
    let fail = false;
    const scheduler = new Scheduler({
      app: "billing",
      stage: "local",
      crons,
      dir,
      invoke: async (_id, event) => {
        events.push(event);
        if (fail) throw new Error("no invoices");
      },
      log: () => {},
    });
    expect(await scheduler.run("Job", "manual")).toMatchObject({ trigger: "manual", ok: true });
    fail = true;
    expect(await scheduler.run("Job", "manual")).toMatchObject({ ok: false, error: "no invoices" });
    expect(scheduler.runs("Job").map((run) => run.ok)).toEqual([true, false]);
    expect(events[0]).toMatchObject({
      "detail-type": "Scheduled Event",
      source: "aws.events",
      resources: ["arn:aws:scheduler:us-east-1:000000000000:schedule/default/billing-local-Job"],
    });
    await expect(scheduler.run("Nope", "manual")).rejects.toThrow(/No cron "Nope"/);
  });

  it("fires each job on its schedule, in its time zone, until stopped", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-05T04:59:30Z") });
    const fired: string[] = [];
    const scheduler = new Scheduler({
      app: "a",
      stage: "s",
      crons: [crons[1] as (typeof crons)[number]],
      dir,
      invoke: async () => {
        fired.push(new Date().toISOString());
      },
      log: () => {},
    });
    // 06:00 in Paris in January is 05:00 UTC.
    expect(scheduler.describe()[0]?.next?.toISOString()).toBe("2026-01-05T05:00:00.000Z");
    scheduler.start();
    await vi.advanceTimersByTimeAsync(31_000);
    expect(fired).toEqual(["2026-01-05T05:00:00.000Z"]);
    scheduler.stop();
    await vi.advanceTimersByTimeAsync(2 * 24 * 3600_000);
    expect(fired).toHaveLength(1);
  });
});
