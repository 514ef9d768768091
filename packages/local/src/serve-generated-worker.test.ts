import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { copyService, startServe } from "./__fixtures__/serve-process";

// apps/notifications is what the service generator produces for a worker (CI keeps it so).
const service = copyService("notifications");
afterAll(() => service.remove());
const sendBin = join(import.meta.dirname, "..", "bin", "shipyard-send.mjs");

type DeadLetter = { body: string; lastError: string };

describe("serve: a generated worker", () => {
  it("suggests a message the generated consumer accepts, and dead-letters others with the reason it logged", async () => {
    const serve = await startServe(service.dir, ["--retry-after", "100"]);
    try {
      // The infra's dead-letter queue (QueueDlq) is served as Queue's DLQ, not as a queue.
      expect(serve.output()).toMatch(/queue Queue: /);
      expect(serve.output()).not.toMatch(/queue QueueDlq/);
      const suggested = /npx shipyard-send '([^']+)'/.exec(serve.output())?.[1];
      expect(suggested).toBeDefined();
      await promisify(execFile)(process.execPath, [sendBin, suggested as string], {
        cwd: service.dir,
      });
      await serve.waitFor(/✓ queue Queue: 1 message\(s\) processed/);

      await promisify(execFile)(process.execPath, [sendBin, '{"hello":"world"}'], {
        cwd: service.dir,
      });
      await serve.waitFor(/moved to the dead-letter queue/);
      const dlq = (await (await fetch(`${serve.url}/queues/Queue/dlq`)).json()) as DeadLetter[];
      expect(dlq).toEqual([
        expect.objectContaining({
          body: '{"hello":"world"}',
          lastError: "body does not match the schema",
        }),
      ]);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  }, 90_000);
});
