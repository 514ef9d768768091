export default $config({
  app(input) {
    return {
      name: "function-url",
      home: "aws",
      removal: input.stage === "production" ? "retain" : "remove",
    };
  },
  async run() {
    const api = new sst.aws.Function("Api", {
      handler: "src/api.handler",
      runtime: "nodejs22.x",
      architecture: "arm64",
      memory: "512 MB",
      url: true,
    });
    return { url: api.url };
  },
});
