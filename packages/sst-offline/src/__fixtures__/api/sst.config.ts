export default $config({
  app() {
    return { name: "api", home: "aws" };
  },
  async run() {
    const api = new sst.aws.ApiGatewayV2("Api");
    api.route("GET /orders", "src/orders.list");
    api.route("POST /orders", { handler: "src/orders.create", memory: "256 MB" });
    return { api: api.url };
  },
});
