import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixture, startServe } from "./__fixtures__/serve-process";
import { isPortFree } from "./ports";

const fixture = copyFixture("worker");
afterAll(() => fixture.remove());
const sendBin = join(import.meta.dirname, "..", "bin", "shipyard-send.mjs");

type DeadLetter = { messageId: string; body: string; receiveCount: number; lastError: string };

const lines = (file: string) =>
  existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean) : [];

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SendMessageBatch in SQS's JSON protocol, as the AWS SDK sends it. */
async function sendBatch(url: string, entries: Record<string, unknown>[]) {
  const response = await fetch(`${url}/queues/Queue`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "AmazonSQS.SendMessageBatch",
    },
    body: JSON.stringify({ QueueUrl: `${url}/queues/Queue`, Entries: entries }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("serve: worker service", () => {
  it("processes messages with the real handler, retries failures and keeps them in the DLQ after 3 receives, with the handler's reason", async () => {
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
      const dlq = (await (await fetch(`${serve.url}/queues/Queue/dlq`)).json()) as DeadLetter[];
      expect(dlq).toHaveLength(1);
      expect(dlq[0]).toMatchObject({ messageId: bad, body: '{"bad":true}', receiveCount: 3 });
      // What the handler logged (`record failed` with the error), not "in batchItemFailures".
      expect(dlq[0]?.lastError).toBe("bad message");

      const attempts = lines(join(fixture.dir, ".local/attempts.log"));
      expect(attempts.filter((line) => line.startsWith(good as string))).toEqual([`${good} 1`]);
      expect(attempts.filter((line) => line.startsWith(bad))).toEqual([
        `${bad} 1`,
        `${bad} 2`,
        `${bad} 3`,
      ]);
      expect(serve.output()).toMatch(/failed \(receive 1 of 3: bad message\)/);
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

  it("stores the valid entries of a SendMessageBatch and reports the malformed one as failed, as SQS does", async () => {
    const serve = await startServe(fixture.dir);
    try {
      const before = lines(join(fixture.dir, ".local/done.log")).length;
      const { status, body } = await sendBatch(serve.url, [
        { Id: "a", MessageBody: '{"n":1}' },
        { Id: "b", MessageBody: '{"n":2}' },
        { Id: "broken" }, // no MessageBody
        { Id: "c", MessageBody: '{"n":3}' },
        { Id: "d", MessageBody: '{"n":4}' },
      ]);
      expect(status).toBe(200);
      expect((body.Successful as { Id: string }[]).map((entry) => entry.Id)).toEqual([
        "a",
        "b",
        "c",
        "d",
      ]);
      expect(body.Failed).toEqual([
        { Id: "broken", SenderFault: true, Code: "MissingParameter", Message: expect.any(String) },
      ]);
      await waitUntil(() => lines(join(fixture.dir, ".local/done.log")).length === before + 4);
      // The handler writes done.log before serve records its answer: wait for the queue to settle.
      const stats = async () =>
        (await (await fetch(`${serve.url}/queues/Queue`)).json()) as Record<string, number>;
      await waitUntil(async () => {
        const { visible, waiting } = await stats();
        return visible === 0 && waiting === 0;
      });
      expect(await stats()).toMatchObject({ visible: 0, waiting: 0 });

      // A request that is wrong as a whole is refused whole, and nothing is stored.
      const repeated = await sendBatch(serve.url, [
        { Id: "x", MessageBody: "{}" },
        { Id: "x", MessageBody: "{}" },
      ]);
      expect(repeated.status).toBe(400);
      expect(repeated.body.__type).toBe("com.amazonaws.sqs#BatchEntryIdsNotDistinct");
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it("refuses requests from web pages and foreign Host names on the control routes", async () => {
    const serve = await startServe(fixture.dir);
    try {
      const stats = async () =>
        (await (await fetch(`${serve.url}/queues/Queue`)).json()) as Record<string, number>;
      const queued = async () => {
        const { visible, waiting } = await stats();
        return visible + waiting;
      };
      const before = await queued();
      const fromPage = await fetch(`${serve.url}/queues/Queue/messages`, {
        method: "POST",
        headers: { origin: "http://evil.example", "content-type": "text/plain" },
        body: JSON.stringify({ slow: 60_000 }),
      });
      expect(fromPage.status).toBe(403);
      const redrive = await fetch(`${serve.url}/queues/Queue/dlq/redrive`, {
        method: "POST",
        headers: { origin: "null" },
      });
      expect(redrive.status).toBe(403);
      // DNS rebinding: the page's own name resolving to 127.0.0.1.
      const rebound = await rawRequest(serve.port, "POST", "/queues/Queue/messages", {
        host: `evil.example:${serve.port}`,
      });
      expect(rebound).toBe(403);
      const sdkLike = await rawRequest(serve.port, "GET", "/_shipyard", {
        host: `127.0.0.1:${serve.port}`,
      });
      expect(sdkLike).toBe(200);
      expect(await queued()).toBe(before);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it("lets the message being handled finish on Ctrl-C, and does not count a receive it had to interrupt", async () => {
    const done = join(fixture.dir, ".local/done.log");
    const attempts = join(fixture.dir, ".local/attempts.log");
    // As in a terminal: serve and its handler processes in one process group, which Ctrl-C signals.
    const serve = await startServe(fixture.dir, [], { detached: true });
    const { messageId: finishing } = (await (
      await fetch(`${serve.url}/queues/Queue/messages`, {
        method: "POST",
        body: JSON.stringify({ slow: 1500 }),
      })
    ).json()) as { messageId: string };
    await waitUntil(() => lines(attempts).includes(`${finishing} 1`));
    process.kill(-(serve.child.pid as number), "SIGINT");
    expect(await serve.exited).toBe(0);
    expect(lines(done)).toContain(finishing);

    // A handler slower than the grace period is interrupted: its receive is not counted.
    const impatient = await startServe(fixture.dir, ["--stop-grace", "300"], { detached: true });
    const { messageId: interrupted } = (await (
      await fetch(`${impatient.url}/queues/Queue/messages`, {
        method: "POST",
        body: JSON.stringify({ slow: 4000 }),
      })
    ).json()) as { messageId: string };
    await waitUntil(() => lines(attempts).includes(`${interrupted} 1`));
    process.kill(-(impatient.child.pid as number), "SIGINT");
    expect(await impatient.exited).toBe(0);
    expect(lines(done)).not.toContain(interrupted);

    const again = await startServe(fixture.dir);
    try {
      await waitUntil(() => lines(done).includes(interrupted));
      // Delivered again as its first receive, and never dead-lettered.
      expect(lines(attempts).filter((line) => line.startsWith(interrupted))).toEqual([
        `${interrupted} 1`,
        `${interrupted} 1`,
      ]);
      const dlq = (await (await fetch(`${again.url}/queues/Queue/dlq`)).json()) as DeadLetter[];
      expect(dlq.map((m) => m.messageId)).not.toContain(interrupted);
      expect(dlq.map((m) => m.messageId)).not.toContain(finishing);
    } finally {
      expect(await again.stop()).toBe(0);
    }
  }, 60_000);

  it("stops in order when a process-tree kill signals its handler process first, as Nx does on Ctrl-C", async () => {
    const done = join(fixture.dir, ".local/done.log");
    const attempts = join(fixture.dir, ".local/attempts.log");
    const serve = await startServe(fixture.dir);
    const { messageId: finishing } = (await (
      await fetch(`${serve.url}/queues/Queue/messages`, {
        method: "POST",
        body: JSON.stringify({ slow: 1500 }),
      })
    ).json()) as { messageId: string };
    await waitUntil(() => lines(attempts).includes(`${finishing} 1`));
    // Nx stops a continuous task by signalling its process tree leaves first (SIGTERM), and
    // signals a parent only once its children have exited; the handler host is such a leaf.
    const host = descendants(serve.child.pid as number).find((pid) =>
      commandLine(pid).includes("host.ts"),
    );
    expect(host).toBeDefined();
    process.kill(host as number, "SIGTERM");
    expect(await serve.exited).toBe(0);
    expect(serve.output()).toContain("SIGTERM: stopping...");
    expect(serve.output()).toContain("Stopped.");
    expect(lines(done)).toContain(finishing);
    expect(descendants(serve.child.pid as number)).toEqual([]);
    expect(await isPortFree(serve.port)).toBe(true);
  }, 30_000);
});

/** The processes below `root`, from /proc (Linux), as a process-tree kill sees them. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The field after the parenthesised command name is the state, then the parent's pid.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // It exited while being read.
    }
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parentOf) {
      if (parent === pid) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return found;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

/** A request with headers fetch would not let a test set (Host). */
async function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  const { request } = await import("node:http");
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(method === "POST" ? "{}" : undefined);
  });
}
