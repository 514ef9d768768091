/// <reference path="../../../../infra/.sst/platform/config.d.ts" />
/**
 * A service that applies the platform's conventions, then overrides them dangerously in every way
 * issue 9 found (each on its own resource, so each rule's finding is checked by name).
 */
export default $config({
  app(input) {
    return {
      name: "careless",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
    };
  },
  async run() {
    const { applyConventions } = await import("@acme/infra");
    applyConventions({ service: "careless", owner: "payments" });
    const handler = "src/handler.handler";
    new sst.aws.Function("Trusting", {
      handler,
      transform: {
        role: {
          assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
          }),
        },
      },
    });
    const open = new sst.aws.Bucket("Open", { access: "public", enforceHttps: false });
    new sst.aws.Function("Admin", { handler, permissions: [{ actions: ["*"], resources: ["*"] }] });
    new aws.iam.RolePolicyAttachment("AdminAttach", {
      role: "careless-ops",
      policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    });
    new sst.aws.Function("AllTables", {
      handler,
      permissions: [{ actions: ["dynamodb:*"], resources: ["arn:aws:dynamodb:*:*:table/*"] }],
    });
    new sst.aws.Function("Old", { handler, runtime: "nodejs18.x" });
    new sst.aws.Function("Intel", { handler, architecture: "x86_64" });
    new sst.aws.Function("Forever", { handler, logging: { retention: "forever" } });
    new sst.aws.Bucket("Disposable", {
      transform: {
        bucket: (_args, opts) => {
          opts.retainOnDelete = false;
        },
      },
    });
    // Subscribed by ARN, as the templates do: the conventions cannot see the consumer's timeout.
    const jobs = new sst.aws.Queue("Jobs", { visibilityTimeout: "180 seconds" });
    const slow = new sst.aws.Function("Slow", { handler, timeout: "300 seconds", link: [jobs] });
    jobs.subscribe(slow.arn);
    // Links the queue, and reaches a bucket it does not link through a hand-written permission.
    new sst.aws.Function("Nosy", {
      handler,
      link: [jobs],
      permissions: [{ actions: ["s3:GetObject"], resources: [$interpolate`${open.arn}/*`] }],
    });
    new sst.aws.Queue("Loose", {
      dlq: undefined,
      transform: { queue: { redrivePolicy: undefined } },
    });
    const batchy = new sst.aws.Queue("Batchy");
    batchy.subscribe(new sst.aws.Function("Whole", { handler, link: [batchy] }).arn, {
      batch: { partialResponses: false },
    });
    new sst.aws.Dynamo("Table", { fields: { id: "string" }, primaryIndex: { hashKey: "id" } });
    new sst.aws.SnsTopic("Topic");
    new sst.aws.Bucket("Untagged", {
      transform: { bucket: { tags: { service: "someone-else" } } },
    });
  },
});
