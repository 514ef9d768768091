import { appendFileSync } from "node:fs";
import { createBatchHandler } from "@acme/runtime";

/** Records every attempt in .local/attempts.log; fails the messages that say `{ "bad": true }`. */
export const handler = createBatchHandler({
  service: "fixture-worker",
  handle: async (body: unknown, record, { receiveCount }) => {
    appendFileSync(".local/attempts.log", `${record.messageId} ${receiveCount}\n`);
    if ((body as { bad?: boolean }).bad) throw new Error("bad message");
  },
});
