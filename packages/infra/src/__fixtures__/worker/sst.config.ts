/// <reference path="../../../.sst/platform/config.d.ts" />
export default $config({
  app() {
    return { name: "conv-worker", home: "aws" };
  },
  async run() {
    const { applyConventions } = await import("@acme/infra");
    applyConventions({ service: "conv-worker", owner: "growth" });
    const queue = new sst.aws.Queue("Queue");
    const consumer = new sst.aws.Function("Consumer", {
      handler: "src/consumer.handler",
      link: [queue],
    });
    queue.subscribe(consumer.arn);
    if (process.env.CONV_SHORT_VISIBILITY) {
      const tight = new sst.aws.Queue("Tight", { visibilityTimeout: "30 seconds" });
      tight.subscribe("src/consumer.handler");
    }
    return { url: queue.url };
  },
});
