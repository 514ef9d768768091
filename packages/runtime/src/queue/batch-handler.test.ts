import type { SQSHandler } from "aws-lambda";
import * as v from "valibot";
import { describe, expect, it, vi } from "vitest";
import { createLogger } from "../logger";
import { lambdaContext, sqsEvent, sqsRecord } from "../testing";
import { createBatchHandler } from "./batch-handler";

const FIFO_ARN = "arn:aws:sqs:us-east-1:123456789012:orders.fifo";

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ service: "worker", write: (line) => lines.push(line) });
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, logs };
}

describe("createBatchHandler", () => {
  it("reports exactly the failed message ids of a mixed batch", async () => {
    const { logger } = capture();
    const seen: unknown[] = [];
    const handler = createBatchHandler({
      service: "worker",
      logger,
      handle: async (body) => {
        seen.push(body);
        if ((body as { fail?: boolean }).fail) throw new Error("downstream refused");
      },
    });
    const result = await handler(
      sqsEvent([
        sqsRecord({ messageId: "m1", body: { n: 1 } }),
        sqsRecord({ messageId: "m2", body: { n: 2, fail: true } }),
        sqsRecord({ messageId: "m3", body: { n: 3 } }),
        sqsRecord({ messageId: "m4", body: { n: 4, fail: true } }),
      ]),
      lambdaContext(),
    );
    expect(result).toEqual({
      batchItemFailures: [{ itemIdentifier: "m2" }, { itemIdentifier: "m4" }],
    });
    expect(seen).toHaveLength(4);
  });

  it("returns no failures when every record succeeds", async () => {
    const handler = createBatchHandler({
      service: "worker",
      logger: capture().logger,
      handle: async () => {},
    });
    const result = await handler(sqsEvent([sqsRecord(), sqsRecord()]));
    expect(result).toEqual({ batchItemFailures: [] });
  });

  it("fails a record whose body is not JSON, and logs why", async () => {
    const { logger, logs } = capture();
    const handle = vi.fn(async () => {});
    const handler = createBatchHandler({ service: "worker", logger, handle });
    const result = await handler(
      sqsEvent([
        sqsRecord({ messageId: "ok", body: { a: 1 } }),
        sqsRecord({ messageId: "bad", body: "{not json" }),
      ]),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "bad" }]);
    expect(handle).toHaveBeenCalledTimes(1);
    const rejection = logs().find((l) => l.level === "ERROR");
    expect(rejection).toMatchObject({ messageId: "bad", reason: "body is not valid JSON" });
    expect(rejection?.bodyLength).toBe("{not json".length);
    expect(JSON.stringify(rejection)).not.toContain("not json");
  });

  it("fails a record that does not match the schema and hands parsed output to the handler", async () => {
    const { logger, logs } = capture();
    const received: { orderId: string; quantity: number }[] = [];
    const handler = createBatchHandler({
      service: "worker",
      logger,
      parse: v.object({
        orderId: v.string(),
        quantity: v.pipe(v.string(), v.transform(Number), v.number()),
      }),
      handle: async (body) => {
        received.push(body);
      },
    });
    const result = await handler(
      sqsEvent([
        sqsRecord({ messageId: "good", body: { orderId: "o1", quantity: "3" } }),
        sqsRecord({ messageId: "wrong", body: { orderId: 42, quantity: "1" } }),
      ]),
    );
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "wrong" }]);
    expect(received).toEqual([{ orderId: "o1", quantity: 3 }]);
    expect(logs().find((l) => l.level === "ERROR")).toMatchObject({
      messageId: "wrong",
      reason: "body does not match the schema",
      issues: [{ path: "orderId", message: expect.any(String) }],
    });
  });

  it("puts the messageId on every line logged while handling a record", async () => {
    const { logger, logs } = capture();
    const handler = createBatchHandler({
      service: "worker",
      logger,
      handle: async (_body, record, { logger: log, receiveCount }) => {
        log.info("handling", { receiveCount });
        if (record.messageId === "m2") throw new Error("nope");
      },
    });
    await handler(
      sqsEvent([sqsRecord({ messageId: "m1" }), sqsRecord({ messageId: "m2", receiveCount: 3 })]),
    );
    const recordLines = logs().filter((l) => l.message !== "batch processed");
    expect(recordLines.map((l) => [l.message, l.messageId])).toEqual([
      ["handling", "m1"],
      ["handling", "m2"],
      ["record failed", "m2"],
    ]);
    expect(recordLines[1]?.receiveCount).toBe(3);
    expect(recordLines[2]).toMatchObject({ error: { stack: expect.stringContaining("nope") } });
    expect(logs().at(-1)).toMatchObject({ message: "batch processed", records: 2, failed: 1 });
  });

  it("handles standard queue records sequentially by default", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const handler = createBatchHandler({
      service: "worker",
      logger: capture().logger,
      handle: async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
      },
    });
    await handler(sqsEvent(Array.from({ length: 5 }, () => sqsRecord())));
    expect(maxInFlight).toBe(1);
  });

  it("bounds concurrency and still reports failures in batch order", async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const handler = createBatchHandler({
      service: "worker",
      logger: capture().logger,
      concurrency: 3,
      handle: async (body) => {
        const { n } = body as { n: number };
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // Later records finish first.
        await new Promise((resolve) => setTimeout(resolve, 20 - n * 2));
        inFlight--;
        if (n % 2 === 0) throw new Error(`even ${n}`);
      },
    });
    const records = Array.from({ length: 8 }, (_, n) =>
      sqsRecord({ messageId: `m${n}`, body: { n } }),
    );
    const result = await handler(sqsEvent(records));
    expect(maxInFlight).toBe(3);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["m0", "m2", "m4", "m6"]);
  });

  it("rejects a concurrency that is not a positive integer", () => {
    const make = (concurrency: number) => () =>
      createBatchHandler({ service: "w", concurrency, handle: async () => {} });
    expect(make(0)).toThrow(RangeError);
    expect(make(1.5)).toThrow(RangeError);
  });

  describe("FIFO queues", () => {
    it("stops at the first failure and reports it and every later record as failed", async () => {
      const { logger, logs } = capture();
      const handled: string[] = [];
      const handler = createBatchHandler({
        service: "worker",
        logger,
        concurrency: 10,
        handle: async (_body, record) => {
          handled.push(record.messageId);
          if (record.messageId === "f2") throw new Error("out of stock");
        },
      });
      const result = await handler(
        sqsEvent(
          ["f1", "f2", "f3", "f4"].map((messageId) =>
            sqsRecord({ messageId, eventSourceARN: FIFO_ARN, messageGroupId: "order-1" }),
          ),
        ),
      );
      expect(handled).toEqual(["f1", "f2"]);
      expect(result.batchItemFailures).toEqual([
        { itemIdentifier: "f2" },
        { itemIdentifier: "f3" },
        { itemIdentifier: "f4" },
      ]);
      expect(logs().find((l) => l.level === "WARN")).toMatchObject({
        failedMessageId: "f2",
        skippedMessageIds: ["f3", "f4"],
      });
    });

    it("treats an invalid body as the first failure too", async () => {
      const handled: string[] = [];
      const handler = createBatchHandler({
        service: "worker",
        logger: capture().logger,
        handle: async (_body, record) => {
          handled.push(record.messageId);
        },
      });
      const result = await handler(
        sqsEvent([
          sqsRecord({ messageId: "f1", eventSourceARN: FIFO_ARN }),
          sqsRecord({ messageId: "f2", eventSourceARN: FIFO_ARN, body: "oops" }),
          sqsRecord({ messageId: "f3", eventSourceARN: FIFO_ARN }),
        ]),
      );
      expect(handled).toEqual(["f1"]);
      expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["f2", "f3"]);
    });

    it("recognises FIFO records by MessageGroupId and handles them in order, one at a time", async () => {
      let inFlight = 0;
      let maxInFlight = 0;
      const handled: string[] = [];
      const handler = createBatchHandler({
        service: "worker",
        logger: capture().logger,
        concurrency: 5,
        handle: async (_body, record) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 2));
          handled.push(record.messageId);
          inFlight--;
        },
      });
      const ids = ["g1", "g2", "g3", "g4"];
      const result = await handler(
        sqsEvent(ids.map((messageId) => sqsRecord({ messageId, messageGroupId: "grp" }))),
      );
      expect(result.batchItemFailures).toEqual([]);
      expect(handled).toEqual(ids);
      expect(maxInFlight).toBe(1);
    });
  });

  it("fits the SQSHandler type", () => {
    const handler: SQSHandler = createBatchHandler({ service: "w", handle: async () => {} });
    expect(handler).toBeTypeOf("function");
  });
});
