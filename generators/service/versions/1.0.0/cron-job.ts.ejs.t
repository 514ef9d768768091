---
to: "<%= kind === 'cron' ? `apps/${name}/src/job.ts` : null %>"
---
import { createLogger, type Logger<%- bucket ? ", resource" : "" %> } from "@<%= org %>/runtime";

/** What a run did, returned to the scheduler (and logged). */
export interface JobResult {
  startedAt: string;
}

/** One run of the job. Takes its clock and logger so tests can drive it. */
export async function runJob(now: Date, logger: Logger): Promise<JobResult> {
  const result: JobResult = { startedAt: now.toISOString() };
<%_ if (bucket) { _%>
  // The linked bucket, typed from sst-env.d.ts: write the job's output there with the AWS SDK.
  logger.info("job ran", { ...result, bucket: resource("Bucket").name });
<%_ } else { _%>
  logger.info("job ran", { ...result });
<%_ } _%>
  return result;
}

const logger = createLogger({ service: "<%= name %>" });

/** Invoked by EventBridge Scheduler on the schedule in infra/index.ts. */
export const handler = async (): Promise<JobResult> => runJob(new Date(), logger);
