---
to: apps/<%= service %>/src/<%= fileBase %>.ts
unless_exists: true
---
import { createBatchHandler } from "@<%= org %>/runtime";
import * as v from "valibot";

/** The messages the <%= componentName %> queue carries: producers send JSON bodies of this shape. */
export const <%= componentName %>Message = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
});

/**
 * Consumes the <%= componentName %> queue (infra/<%= fileBase %>.ts), each message on its own: a
 * failed one is retried, then moved to the dead-letter queue. SQS delivers at least once, so
 * make the work idempotent (keyed by the message's id).
 */
export const handler = createBatchHandler({
  service: "<%= service %>",
  parse: <%= componentName %>Message,
  handle: async (message, _record, { logger }) => {
    logger.info("<%= componentName %> message handled", { id: message.id });
  },
});
