import { createBatchHandler } from "@acme/runtime";
import * as v from "valibot";

/** The messages this service consumes: producers send JSON bodies of this shape. */
export const Message = v.object({
  id: v.pipe(v.string(), v.minLength(1)),
});

/**
 * Handles each message of a batch on its own and reports only the failed ones, so SQS retries
 * those (and moves them to the dead-letter queue after 3 attempts). A body that is not JSON or
 * does not match `Message` fails on its own.
 */
export const handler = createBatchHandler({
  service: "notifications",
  parse: Message,
  handle: async ({ id }, _record, { logger }) => {
    logger.info("message handled", { id });
  },
});
