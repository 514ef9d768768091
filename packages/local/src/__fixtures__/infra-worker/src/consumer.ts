import { appendFileSync, writeFileSync } from "node:fs";
import { createBatchHandler, resource } from "@acme/runtime";

/**
 * Appends each message it handles (`{ "n": "A1" }`) to .local/order.log; fails the first receive
 * of the message that says `"failOnce": true`. Writes the linked secret's value to
 * .local/secret.txt.
 */
export const handler = createBatchHandler({
  service: "fifo-worker",
  handle: async (body: unknown, _record, { receiveCount }) => {
    writeFileSync(".local/secret.txt", (resource("ApiToken" as never) as { value: string }).value);
    const { n, failOnce } = body as { n: string; failOnce?: boolean };
    if (failOnce && receiveCount === 1) throw new Error(`${n} failed once`);
    appendFileSync(".local/order.log", `${n}\n`);
  },
});
