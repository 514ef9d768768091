import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixture, startServe } from "./__fixtures__/serve-process";
import { isPortFree } from "./ports";

const fixture = copyFixture("cron");
afterAll(() => fixture.remove());

describe("serve: cron service", () => {
  it("runs the job on demand with a scheduled event and records the run", async () => {
    const serve = await startServe(fixture.dir);
    try {
      // The summary follows "Listening on" in later chunks of output.
      await serve.waitFor(/cron Job \(rate\(1 minute\)\), next run /);
      const response = await fetch(`${serve.url}/cron/Job/run`, { method: "POST" });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ trigger: "manual", ok: true });
      expect(readFileSync(join(fixture.dir, ".local/job.log"), "utf8")).toMatch(
        /^Scheduled Event \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$/,
      );
      const runs = (await (await fetch(`${serve.url}/cron/Job/runs`)).json()) as unknown[];
      expect(runs).toHaveLength(1);
      expect(
        JSON.parse(readFileSync(join(fixture.dir, ".local/cron/Job.json"), "utf8")),
      ).toHaveLength(1);

      // A job it does not have: 404 naming the ones it has, and how to run them.
      const unknown = await fetch(`${serve.url}/cron/Nope/run`, { method: "POST" });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toEqual({
        message: 'fixture-cron has no cron job "Nope". Its cron jobs: Job (POST /cron/Job/run).',
        crons: ["Job"],
      });
      const noQueue = await fetch(`${serve.url}/queues/Queue/messages`, { method: "POST" });
      expect(noQueue.status).toBe(404);
      expect(await noQueue.json()).toMatchObject({ message: "fixture-cron has no queues." });
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(await isPortFree(serve.port)).toBe(true);
  });
});
