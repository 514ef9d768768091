/// <reference path="../../../../infra/.sst/platform/config.d.ts" />
/**
 * A service that keeps every rule: an http API with Postgres in a VPC (NAT instances), a bucket,
 * a queue subscribed by ARN as the templates do, and a table and topic the platform has no list
 * entry for. POLICY_CONVENTIONS varies how the conventions are applied, for the tests of defect 2:
 * "comment" leaves only the call in the comment below, "late" calls it after creating the infra.
 */
// applyConventions({ service: "careful", owner: "payments" });
export default $config({
  app(input) {
    return {
      name: "careful",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
    };
  },
  async run() {
    const { applyConventions } = await import("@acme/infra");
    const mode = process.env.POLICY_CONVENTIONS;
    const conventions = () => applyConventions({ service: "careful", owner: "payments" });
    if (mode === undefined) conventions();
    const handler = "src/handler.handler";
    const vpc = new sst.aws.Vpc("Vpc", { nat: "ec2" });
    const database = new sst.aws.Postgres("Database", { vpc });
    const files = new sst.aws.Bucket("Files");
    const table = new sst.aws.Dynamo("Table", {
      fields: { id: "string" },
      primaryIndex: { hashKey: "id" },
    });
    const topic = new sst.aws.SnsTopic("Topic");
    const api = new sst.aws.Function("Api", {
      handler,
      vpc,
      link: [database, files, table, topic],
    });
    const gateway = new sst.aws.ApiGatewayV2("Gateway");
    gateway.route("GET /", api.arn);
    const queue = new sst.aws.Queue("Queue");
    const consumer = new sst.aws.Function("Consumer", { handler, link: [queue] });
    queue.subscribe(consumer.arn);
    if (mode === "late") conventions();
  },
});
