export default $config({
  app(input) {
    return {
      name: "bucket-link",
      home: "aws",
      removal: input.stage === "production" ? "retain" : "remove",
      protect: input.stage === "production",
    };
  },
  async run() {
    const uploads = new sst.aws.Bucket("Uploads");
    const unlinked = new sst.aws.Bucket("Archive");
    const fn = new sst.aws.Function("Thumbnailer", {
      handler: "src/thumbnail.handler",
      link: [uploads],
    });
    return { bucket: uploads.name, archive: unlinked.name, fn: fn.name };
  },
});
