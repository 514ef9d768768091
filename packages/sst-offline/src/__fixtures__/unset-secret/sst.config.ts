// A secret with a placeholder everywhere but production, as the resource generator writes it.
export default $config({
  app() {
    return { name: "unset-secret", home: "aws" };
  },
  async run() {
    const key = new sst.Secret(
      "ApiKey",
      $app.stage === "production" ? undefined : "local-placeholder",
    );
    new sst.aws.Function("Handler", { handler: "src/handler.handler", link: [key] });
  },
});
