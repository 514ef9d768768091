export default $config({
  app() {
    return { name: "missing-handler", home: "aws" };
  },
  async run() {
    new sst.aws.Function("Broken", { handler: "src/missing.handler" });
  },
});
