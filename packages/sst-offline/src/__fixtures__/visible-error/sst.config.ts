export default $config({
  app() {
    return { name: "visible-error", home: "aws" };
  },
  async run() {
    new sst.aws.Bucket("App");
  },
});
