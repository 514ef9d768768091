/// <reference path="../../../.sst/platform/config.d.ts" />
export default $config({
  app(input) {
    return {
      name: "conv-cron",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
    };
  },
  async run() {
    const { applyConventions } = await import("@acme/infra");
    applyConventions({ service: "conv-cron", owner: "finance" });
    const vpc = new sst.aws.Vpc("Vpc");
    const database = new sst.aws.Postgres("Database", { vpc });
    new sst.aws.CronV2("Job", {
      schedule: "rate(1 hour)",
      function: { handler: "src/job.handler", link: [database], vpc },
    });
    return {};
  },
});
