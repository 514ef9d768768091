/// <reference path="../../../../infra/.sst/platform/config.d.ts" />

/**
 * A service shaped like the templates' (functions created by the service and routed, subscribed or
 * scheduled by ARN), evaluated offline once to record `evaluation.json` for model tests.
 */
export default $config({
  app() {
    return { name: "everything", home: "aws" };
  },
  async run() {
    const vpc = new sst.aws.Vpc("Vpc");
    const database = new sst.aws.Postgres("Database", { vpc });
    const bucket = new sst.aws.Bucket("Bucket");
    const apiKey = new sst.Secret("ApiKey");
    const deadLetters = new sst.aws.Queue("QueueDlq");
    const queue = new sst.aws.Queue("Queue", { dlq: { queue: deadLetters.arn, retry: 3 } });

    const apiHandler = new sst.aws.Function("ApiHandler", {
      handler: "src/handler.handler",
      link: [database, bucket, queue, apiKey],
      environment: { GREETING: "hello" },
    });
    const api = new sst.aws.ApiGatewayV2("Api");
    api.route("GET /items/{id}", apiHandler.arn);
    api.route("$default", apiHandler.arn);

    const consumer = new sst.aws.Function("Consumer", {
      handler: "src/consumer.handler",
      link: [bucket],
      timeout: "30 seconds",
    });
    queue.subscribe(consumer.arn, { batch: { size: 5, partialResponses: true } });

    const jobHandler = new sst.aws.Function("JobHandler", { handler: "src/job.handler" });
    new sst.aws.CronV2("Job", { schedule: "cron(0 12 * * ? *)", function: jobHandler.arn });
    return { api: api.url };
  },
});
