---
to: "<%= kind === 'worker' ? `apps/${name}/src/consumer.ts` : null %>"
---
import { createBatchHandler<%- links.length > 0 ? ", resource" : "" %> } from "@<%= org %>/runtime";
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
  service: "<%= name %>",
  parse: Message,
  handle: async ({ id }, _record, { logger }) => {
<%_ if (links.length > 0) { _%>
    // Linked resources, typed from sst-env.d.ts: use them with the AWS SDK or a Postgres client.
    logger.info("message handled", {
      id,
<%_ if (bucket) { _%>
      bucket: resource("Bucket").name,
<%_ } _%>
<%_ if (database === "postgres") { _%>
      database: resource("Database").database,
<%_ } _%>
    });
<%_ } else { _%>
    logger.info("message handled", { id });
<%_ } _%>
  },
});
