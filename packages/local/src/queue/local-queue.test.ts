import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { type ConsumerAnswer, LocalQueue, type LocalQueueOptions } from "./local-queue";
import { QueueStore } from "./store";

const dirs: string[] = [];
const stores: QueueStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function newStore(dir = mkdtempSync(join(tmpdir(), "local-queue-"))) {
  dirs.push(dir);
  const store = new QueueStore(dir);
  stores.push(store);
  return { dir, store };
}

function queue(store: QueueStore, options: Partial<LocalQueueOptions> = {}) {
  return new LocalQueue({
    name: "Queue",
    store,
    app: "app",
    stage: "local",
    maxReceiveCount: 3,
    batchSize: 3,
    partialResponses: true,
    fifo: false,
    retryAfterMs: 10,
    inFlightMs: 30_000,
    consumer: undefined,
    log: () => {},
    ...options,
  });
}

async function until(check: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const bodies = (event: SQSEvent) => event.Records.map((r) => JSON.parse(r.body).n as string);

describe("LocalQueue", () => {
  it("keeps each FIFO message group in order after a failure, and does not hold other groups", async () => {
    const { store } = newStore();
    const delivered: string[][] = [];
    let failedOnce = false;
    const consumer = async (event: SQSEvent): Promise<ConsumerAnswer> => {
      delivered.push(bodies(event));
      // As @acme/runtime does for FIFO: the first failure and everything after it fail.
      if (!failedOnce && bodies(event)[0] === "A1") {
        failedOnce = true;
        const failures = event.Records.map((r) => ({ itemIdentifier: r.messageId }));
        return { value: { batchItemFailures: failures } satisfies SQSBatchResponse };
      }
      return { value: { batchItemFailures: [] } };
    };
    const fifo = queue(store, { fifo: true, consumer, retryAfterMs: 50 });
    for (const n of ["A1", "A2", "A3", "A4", "A5", "A6"]) {
      fifo.send(JSON.stringify({ n }), { messageGroupId: "A" });
    }
    fifo.send(JSON.stringify({ n: "B1" }), { messageGroupId: "B" });
    fifo.start();
    await until(() => delivered.flat().filter((n) => n.startsWith("A")).length === 9);
    await until(() => delivered.flat().includes("B1"));
    await fifo.stop();
    const groupA = delivered.filter((batch) => batch[0]?.startsWith("A"));
    expect(groupA).toEqual([
      ["A1", "A2", "A3"],
      ["A1", "A2", "A3"],
      ["A4", "A5", "A6"],
    ]);
    // B1 went while A1 waited for its retry.
    expect(delivered.findIndex((b) => b.includes("B1"))).toBeLessThan(
      delivered.findIndex((b, i) => i > 0 && b[0] === "A1"),
    );
  });

  it("dead-letters with the reason the handler logged, or says it logged none", async () => {
    const { store } = newStore();
    const consumer = async (event: SQSEvent): Promise<ConsumerAnswer> => {
      const [explained] = event.Records;
      return {
        value: {
          batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })),
        },
        reasons: explained ? { [explained.messageId]: "order 42 not found" } : {},
      };
    };
    const q = queue(store, { consumer, maxReceiveCount: 1 });
    q.send('{"n":"explained"}');
    q.send('{"n":"silent"}');
    q.start();
    await until(() => q.deadLetters().length === 2);
    await q.stop();
    expect(q.deadLetters().map((m) => m.lastError)).toEqual([
      "order 42 not found",
      "reported in batchItemFailures (the handler logged no reason for it)",
    ]);
  });

  it("retries a message that shows while the poller is paused after an empty look", async () => {
    const { store } = newStore();
    // A busy machine pauses the process just after it found nothing visible, until the message
    // waiting for its retry shows (a timer firing a millisecond early does the same).
    const look = store.visible.bind(store);
    store.visible = (name, now, limit) => {
      const found = look(name, now, limit);
      const shows = store.nextVisibleAfter(name, now);
      if (found.length === 0 && shows !== undefined) while (Date.now() <= shows) {}
      return found;
    };
    const receives: string[] = [];
    const failing = async (event: SQSEvent): Promise<ConsumerAnswer> => {
      receives.push(...event.Records.map((r) => r.attributes.ApproximateReceiveCount));
      return {
        value: { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: r.messageId })) },
      };
    };
    const q = queue(store, { consumer: failing, retryAfterMs: 20 });
    q.send('{"n":1}');
    q.start();
    await until(() => q.deadLetters().length === 1, 2000).finally(() => q.stop());
    expect(receives).toEqual(["1", "2", "3"]);
  });

  it("puts back uncounted a batch still being handled when stopping gives up on it", async () => {
    const { dir, store } = newStore();
    const received: string[] = [];
    const hanging = async (event: SQSEvent): Promise<ConsumerAnswer> => {
      received.push(event.Records[0]?.attributes.ApproximateReceiveCount ?? "");
      return new Promise(() => {});
    };
    const first = queue(store, { consumer: hanging, stopGraceMs: 20 });
    first.send('{"n":1}');
    first.start();
    await until(() => received.length === 1);
    await first.stop();
    expect(first.stats()).toMatchObject({ visible: 1, waiting: 0, deadLettered: 0 });
    store.close();
    stores.pop();

    const reopened = newStore(dir).store;
    const counts: string[] = [];
    const second = queue(reopened, {
      consumer: async (event) => {
        counts.push(event.Records[0]?.attributes.ApproximateReceiveCount ?? "");
        return { value: { batchItemFailures: [] } };
      },
    });
    second.start();
    await until(() => counts.length === 1);
    await second.stop();
    expect([...received, ...counts]).toEqual(["1", "1"]);
  });

  it("refuses what SQS refuses and stores nothing for it", () => {
    const { store } = newStore();
    const fifo = queue(store, { fifo: true });
    expect(() => fifo.send('{"n":1}')).toThrow(/MessageGroupId/);
    expect(() => queue(store).send("")).toThrow(/must not be empty/);
    expect(fifo.stats()).toMatchObject({ visible: 0, waiting: 0 });
  });

  it("takes a send at a 200 000-message backlog (the JSON file it replaces overflowed the stack)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "local-queue-"));
    const messages = Array.from({ length: 200_000 }, (_, i) => ({
      messageId: `m${i}`,
      body: "{}",
      sentTimestamp: i,
      receiveCount: 0,
      visibleAt: 0,
    }));
    writeFileSync(join(dir, "Queue.json"), JSON.stringify({ messages, dlq: [] }));
    const { store } = newStore(dir);
    expect(store.importLegacyFiles(dir)).toEqual(["Queue"]);
    const delivered: number[] = [];
    const q = queue(store, {
      batchSize: 10,
      consumer: async (event) => {
        delivered.push(event.Records.length);
        return { value: { batchItemFailures: [] } };
      },
    });
    q.send('{"n":"new"}');
    q.start();
    await until(() => delivered.length >= 2);
    await q.stop();
    expect(q.stats().visible + q.stats().waiting).toBeGreaterThan(199_000);
  }, 30_000);
});
