import { createBatchHandler } from "@acme/runtime";
import * as v from "valibot";

/** The messages this service consumes: producers send JSON bodies of this shape. */
export const Message = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
});

/**
 * Handles each message of a batch on its own and reports only the failed ones, so SQS retries
 * those (and moves them to the dead-letter queue after 3 attempts). A body that is not JSON or
 * does not match `Message` fails on its own.
 */
export function createConsumer() {
  return createBatchHandler({
    service: "notifications",
    parse: Message,
    handle: async (message, _record, { logger }) => {
      logger.info("message handled", { id: message.id });
    },
  });
}

/** The Lambda handler the queue invokes (infra/index.ts), with its linked resources. */
export const handler = createConsumer();
