---
to: "<%= kind === 'worker' ? `apps/${name}/src/consumer.ts` : null %>"
---
<%_ const postgres = database === "postgres"; _%>
import { createBatchHandler } from "@<%= org %>/runtime";
<%_ if (postgres) { _%>
import { connectPostgres, type Kysely } from "@<%= org %>/runtime/postgres";
<%_ } _%>
<%_ if (bucket) { _%>
import { type BucketClient, bucket } from "@<%= org %>/runtime/s3";
<%_ } _%>
import * as v from "valibot";
<%_ if (postgres) { _%>
import type { Database } from "./database";
<%_ } _%>

/** The messages this service consumes: producers send JSON bodies of this shape. */
export const Message = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
});
<%_ if (links.length > 0) { _%>

/** What the consumer uses, passed in: the handler gives it the linked resources, tests local ones. */
export interface ConsumerDependencies {
<%_ if (postgres) { _%>
  /** The linked `Database` (tables in src/database.ts). */
  db: Kysely<Database>;
<%_ } _%>
<%_ if (bucket) { _%>
  /** The linked `Bucket`. */
  files: BucketClient;
<%_ } _%>
}
<%_ } _%>

/**
 * Handles each message of a batch on its own and reports only the failed ones, so SQS retries
 * those (and moves them to the dead-letter queue after 3 attempts). A body that is not JSON or
 * does not match `Message` fails on its own.
<%_ if (postgres) { _%>
 *
 * SQS delivers a message at least once: the same message can come again (after a timeout, a
 * partial failure, or a producer's retry). Each is stored under its id, so a second delivery
 * changes nothing.
<%_ } _%>
 */
export function createConsumer(<%- links.length > 0 ? "deps: ConsumerDependencies" : "" %>) {
  return createBatchHandler({
    service: "<%= name %>",
    parse: Message,
    handle: async (message, <%- postgres || bucket ? "record" : "_record" %>, { logger }) => {
<%_ if (postgres) { _%>
      const result = await deps.db
        .insertInto("messages")
        .values({ id: message.id, body: record.body })
        .onConflict((conflict) => conflict.column("id").doNothing())
        .executeTakeFirst();
      const stored = Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
<%_ } _%>
<%_ if (bucket) { _%>
      // Keyed by id too: storing the same message again writes the same object.
      const key = `messages/${encodeURIComponent(message.id)}.json`;
      await deps.files.put(key, record.body, "application/json");
<%_ } _%>
<%_ if (postgres) { _%>
      logger.info(stored ? "message stored" : "message already stored", { id: message.id });
<%_ } else { _%>
      logger.info("message handled", { id: message.id });
<%_ } _%>
    },
  });
}

/** The Lambda handler the queue invokes (infra/index.ts), with its linked resources. */
<%_ if (links.length > 0) { _%>
export const handler = createConsumer({
<%_ if (postgres) { _%>
  db: connectPostgres<Database>("Database"),
<%_ } _%>
<%_ if (bucket) { _%>
  files: bucket("Bucket"),
<%_ } _%>
});
<%_ } else { _%>
export const handler = createConsumer();
<%_ } _%>
