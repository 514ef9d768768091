import { appendFileSync } from "node:fs";
import type { ScheduledEvent } from "aws-lambda";

/** Appends the event's detail-type and time to .local/job.log. */
export const handler = async (event: ScheduledEvent) => {
  appendFileSync(".local/job.log", `${event["detail-type"]} ${event.time}\n`);
};
