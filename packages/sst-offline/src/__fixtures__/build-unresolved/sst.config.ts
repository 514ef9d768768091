export default $config({
  app() {
    return { name: "build-unresolved", home: "aws", removal: "remove" };
  },
  async run() {
    new sst.aws.Function("Broken", { handler: "src/broken.handler" });
  },
});
