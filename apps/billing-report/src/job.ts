import { createLogger, type Logger } from "@acme/runtime";
import { type BucketClient, bucket } from "@acme/runtime/s3";

/** What a run did, returned to the scheduler (and logged). */
export interface JobResult {
  startedAt: string;
  /** The key of the report object the run wrote to the bucket. */
  report: string;
}

/** What the job uses, passed in: the handler gives it the linked resources, tests local ones. */
export interface JobDependencies {
  logger: Logger;
  /** The linked `Bucket`. */
  files: BucketClient;
}

/**
 * One run of the job. Takes its clock and dependencies so tests can drive it.
 * It writes its report to the bucket under `reports/<start time>.json`: a run retried by the
 * scheduler writes the same key again.
 */
export async function runJob(now: Date, { logger, files }: JobDependencies): Promise<JobResult> {
  const startedAt = now.toISOString();
  const report = `reports/${startedAt}.json`;
  await files.put(report, `${JSON.stringify({ startedAt }, null, 2)}\n`, "application/json");
  const result: JobResult = { startedAt, report };
  logger.info("job ran", { ...result });
  return result;
}

const logger = createLogger({ service: "billing-report" });
const files = bucket("Bucket");

/** Invoked by EventBridge Scheduler on the schedule in infra/index.ts. */
export const handler = async (): Promise<JobResult> => runJob(new Date(), { logger, files });
