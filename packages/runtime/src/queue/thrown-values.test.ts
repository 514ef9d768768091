import { describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import { sqsEvent, sqsRecord } from "../testing";
import { createBatchHandler } from "./batch-handler";

/** Issue 9, defect 7: a thrown value that cannot be stringified must fail its record only. */
describe("a record handler that throws an unprintable value", () => {
  it.each([
    ["an object without a prototype", () => Object.create(null)],
    [
      "an object whose toString throws",
      () => ({
        toString: () => {
          throw new Error("no");
        },
      }),
    ],
    ["a symbol", () => Symbol("s")],
    ["an object holding a BigInt", () => ({ amount: 10n })],
  ])("fails only that record when it throws %s", async (_label, make) => {
    const lines: string[] = [];
    const handler = createBatchHandler({
      service: "worker",
      logger: createLogger({ service: "worker", write: (line) => lines.push(line) }),
      handle: async (body) => {
        if ((body as { bad?: boolean }).bad) throw make();
      },
    });
    const result = await handler(
      sqsEvent([
        sqsRecord({ messageId: "ok-1", body: {} }),
        sqsRecord({ messageId: "bad", body: { bad: true } }),
        sqsRecord({ messageId: "ok-2", body: {} }),
      ]),
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "bad" }] });
    expect(lines.some((line) => line.includes("record failed"))).toBe(true);
  });
});
