import { appendFileSync } from "node:fs";
import { createBatchHandler } from "@acme/runtime";

/**
 * Records every attempt in .local/attempts.log and every completed message in .local/done.log;
 * fails the messages that say `{ "bad": true }`; takes `slow` milliseconds when asked to.
 */
export const handler = createBatchHandler({
  service: "fixture-worker",
  handle: async (body: unknown, record, { receiveCount }) => {
    appendFileSync(".local/attempts.log", `${record.messageId} ${receiveCount}\n`);
    const { bad, slow } = body as { bad?: boolean; slow?: number };
    if (slow) await new Promise((resolve) => setTimeout(resolve, slow));
    if (bad) throw new Error("bad message");
    appendFileSync(".local/done.log", `${record.messageId}\n`);
  },
});
