/// <reference path="../../../.sst/platform/config.d.ts" />
export default $config({
  app(input) {
    return {
      name: "conv-http",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
    };
  },
  async run() {
    const { applyConventions } = await import("@acme/infra");
    // CONV_WITHOUT shows what SST does on its own, for the tests that compare.
    if (!process.env.CONV_WITHOUT) applyConventions({ service: "conv-http", owner: "payments" });
    const bucket = new sst.aws.Bucket("Bucket");
    const api = new sst.aws.Function("Api", {
      handler: "src/api.handler",
      link: [bucket],
      url: true,
      tags: { "cost-center": "42" },
    });
    // A service may still set what the conventions default.
    new sst.aws.Function("Heavy", {
      handler: "src/api.handler",
      memory: "2048 MB",
      architecture: "x86_64",
      timeout: "2 minutes",
      logging: { retention: "1 year" },
    });
    return { url: api.url };
  },
});
