/// <reference path="../.sst/platform/config.d.ts" />
import { linkedResources } from "./resources";

/**
 * The billing-report service's resources. SST's globals (`sst`, `$app`, `$dev`) are typed by the
 * reference above; the platform's conventions are applied before this runs (sst.config.ts).
 */
export function infra() {
  const bucket = new sst.aws.Bucket("Bucket");

  new sst.aws.CronV2("Job", {
    schedule: "cron(0 6 * * ? *)",
    function: {
      handler: "src/job.handler",
      link: [bucket, ...linkedResources()],
    },
  });
}
