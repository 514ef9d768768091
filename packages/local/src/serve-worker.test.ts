import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixture, startServe } from "./__fixtures__/serve-process";
import { isPortFree } from "./ports";

const fixture = copyFixture("worker");
afterAll(() => fixture.remove());
const sendBin = join(import.meta.dirname, "..", "bin", "shipyard-send.mjs");

describe("serve: worker service", () => {
  it("processes messages with the real handler, retries failures and keeps them in the DLQ after 3 receives", async () => {
    const serve = await startServe(fixture.dir, ["--retry-after", "100"]);
    try {
      // Through the command, as a user would.
      const { stdout } = await promisify(execFile)(process.execPath, [sendBin, '{"ok":true}'], {
        cwd: fixture.dir,
      });
      const good = /"messageId":"([^"]+)"/.exec(stdout)?.[1];
      expect(good).toBeTruthy();

      // Through the local endpoint.
      const sent = await fetch(`${serve.url}/queues/Queue/messages`, {
        method: "POST",
        body: JSON.stringify({ bad: true }),
      });
      expect(sent.status).toBe(202);
      const { messageId: bad } = (await sent.json()) as { messageId: string };

      await serve.waitFor(/moved to the dead-letter queue/, 20_000);
      const dlq = (await (await fetch(`${serve.url}/queues/Queue/dlq`)).json()) as {
        messageId: string;
        body: string;
        receiveCount: number;
      }[];
      expect(dlq).toHaveLength(1);
      expect(dlq[0]).toMatchObject({ messageId: bad, body: '{"bad":true}', receiveCount: 3 });

      const attempts = readFileSync(join(fixture.dir, ".local/attempts.log"), "utf8")
        .trim()
        .split("\n");
      expect(attempts.filter((line) => line.startsWith(good as string))).toEqual([`${good} 1`]);
      expect(attempts.filter((line) => line.startsWith(bad))).toEqual([
        `${bad} 1`,
        `${bad} 2`,
        `${bad} 3`,
      ]);
      expect(serve.output()).toMatch(/failed \(receive 1 of 3/);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(await isPortFree(serve.port)).toBe(true);

    // The DLQ is kept on disk across restarts.
    const again = await startServe(fixture.dir);
    try {
      const dlq = (await (await fetch(`${again.url}/queues/Queue/dlq`)).json()) as unknown[];
      expect(dlq).toHaveLength(1);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });
});
