export default $config({
  app(input) {
    return {
      name: "full",
      home: "aws",
      removal: input.stage === "production" ? "retain" : "remove",
    };
  },
  async run() {
    const bucket = new sst.aws.Bucket("Uploads");
    const deadLetters = new sst.aws.Queue("DeadLetters");
    const jobs = new sst.aws.Queue("Jobs", { dlq: deadLetters.arn });
    jobs.subscribe({ handler: "src/handlers.worker", link: [bucket] });

    const vpc = new sst.aws.Vpc("Vpc");
    const database = new sst.aws.Postgres("Database", { vpc });

    const api = new sst.aws.ApiGatewayV2("Api");
    api.route("GET /files", { handler: "src/handlers.list", link: [bucket] });
    api.route("POST /jobs", { handler: "src/handlers.enqueue", link: [jobs, database] });

    const hook = new sst.aws.Function("Hook", {
      handler: "src/handlers.hook",
      url: true,
      architecture: "arm64",
    });
    return { api: api.url, hook: hook.url, bucket: bucket.name };
  },
});
