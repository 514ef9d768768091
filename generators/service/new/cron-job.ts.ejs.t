---
to: "<%= kind === 'cron' ? `apps/${name}/src/job.ts` : null %>"
---
import { createLogger, type Logger } from "@<%= org %>/runtime";
<%_ if (bucket) { _%>
import { type BucketClient, bucket } from "@<%= org %>/runtime/s3";
<%_ } _%>

/** What a run did, returned to the scheduler (and logged). */
export interface JobResult {
  startedAt: string;
<%_ if (bucket) { _%>
  /** The key of the report object the run wrote to the bucket. */
  report: string;
<%_ } _%>
}
<%_ if (bucket) { _%>

/** What the job uses, passed in: the handler gives it the linked resources, tests local ones. */
export interface JobDependencies {
  logger: Logger;
  /** The linked `Bucket`. */
  files: BucketClient;
}
<%_ } _%>

/**
 * One run of the job. Takes its clock and <%= bucket ? "dependencies" : "logger" %> so tests can drive it.
<%_ if (bucket) { _%>
 * It writes its report to the bucket under `reports/<start time>.json`: a run retried by the
 * scheduler writes the same key again.
<%_ } _%>
 */
<%_ if (bucket) { _%>
export async function runJob(now: Date, { logger, files }: JobDependencies): Promise<JobResult> {
  const startedAt = now.toISOString();
  const report = `reports/${startedAt}.json`;
  await files.put(report, `${JSON.stringify({ startedAt }, null, 2)}\n`, "application/json");
  const result: JobResult = { startedAt, report };
  logger.info("job ran", { ...result });
  return result;
}
<%_ } else { _%>
export async function runJob(now: Date, logger: Logger): Promise<JobResult> {
  const result: JobResult = { startedAt: now.toISOString() };
  logger.info("job ran", { ...result });
  return result;
}
<%_ } _%>

const logger = createLogger({ service: "<%= name %>" });
<%_ if (bucket) { _%>
const files = bucket("Bucket");
<%_ } _%>

/** Invoked by EventBridge Scheduler on the schedule in infra/index.ts. */
export const handler = async (): Promise<JobResult> => runJob(new Date(), <%- bucket ? "{ logger, files }" : "logger" %>);
