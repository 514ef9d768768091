import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixture, startServe } from "./__fixtures__/serve-process";

// A worker whose model comes from its evaluated infra: a FIFO queue (batches of 3, partial
// responses, a QueueDlq) and a consumer that links the secret ApiToken.
const fixture = copyFixture("infra-worker");
const workspace = join(import.meta.dirname, "..", "..", "..");
afterAll(() => fixture.remove());
const local = (file: string) => join(fixture.dir, ".local", file);
const read = (file: string) => (existsSync(local(file)) ? readFileSync(local(file), "utf8") : "");

async function waitUntil(check: () => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("serve: a worker evaluated from its infra", () => {
  it("stops with the file to fill, as named from where the user is, when a linked secret has no local value", async () => {
    // As `npx nx serve` from the workspace root runs it: in the service's folder, with the
    // user's folder in INIT_CWD.
    const atRoot = { env: { INIT_CWD: workspace } };
    const file = `${relative(workspace, fixture.dir)}/.local/secrets.json`;
    await expect(startServe(fixture.dir, ["--from", "infra"], atRoot)).rejects.toThrow(
      `No local value for the secret(s) ApiToken. Create ${file} with { "ApiToken": "<value>" } (`,
    );
    mkdirSync(join(fixture.dir, ".local"), { recursive: true });
    writeFileSync(local("secrets.json"), JSON.stringify({ Other: "x" }));
    await expect(startServe(fixture.dir, ["--from", "infra"], atRoot)).rejects.toThrow(
      `No local value for the secret(s) ApiToken. Add "ApiToken": "<value>" to the object in ${file} (`,
    );
  }, 60_000);

  it("evaluates the infra with .local/secrets.json and keeps FIFO group order after a failure", async () => {
    mkdirSync(join(fixture.dir, ".local"), { recursive: true });
    writeFileSync(local("secrets.json"), JSON.stringify({ ApiToken: "tok-local-123" }));
    const serve = await startServe(fixture.dir, ["--from", "infra", "--retry-after", "200"]);
    try {
      expect(serve.output()).toContain("from its infra");
      const entries = ["A1", "A2", "A3", "A4", "A5", "A6"].map((n) => ({
        Id: n,
        MessageGroupId: "A",
        MessageBody: JSON.stringify({ n, failOnce: n === "A1" }),
      }));
      const response = await fetch(`${serve.url}/queues/Queue`, {
        method: "POST",
        headers: { "x-amz-target": "AmazonSQS.SendMessageBatch" },
        body: JSON.stringify({ Entries: entries }),
      });
      expect(response.status).toBe(200);
      await waitUntil(() => read("order.log").trim().split("\n").length === 6);
      // A1 failed once (A2 and A3 with it, unhandled); A4-A6 waited for them, as SQS FIFO does.
      expect(read("order.log").trim().split("\n")).toEqual(["A1", "A2", "A3", "A4", "A5", "A6"]);
      expect(read("secret.txt")).toBe("tok-local-123");
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  }, 90_000);
});
