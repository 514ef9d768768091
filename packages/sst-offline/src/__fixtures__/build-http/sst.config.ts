export default $config({
  app() {
    return { name: "build-http", home: "aws", removal: "remove" };
  },
  async run() {
    const bucket = new sst.aws.Bucket("Uploads");
    const api = new sst.aws.Function("Api", {
      handler: "src/handler.handler",
      runtime: "nodejs22.x",
      link: [bucket],
      url: true,
    });
    new sst.aws.Function("Plain", {
      handler: "src/jobs/nightly.run.handler",
      nodejs: { minify: false, banner: "// nightly" },
    });
    return { url: api.url };
  },
});
