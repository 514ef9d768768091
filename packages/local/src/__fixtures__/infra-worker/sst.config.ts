/// <reference path="../../../../infra/.sst/platform/config.d.ts" />

/**
 * A worker whose infra serve must evaluate: a FIFO queue with a dead-letter queue, consumed in
 * batches of 3 with partial responses, by a function that links a secret.
 */
export default $config({
  app() {
    return { name: "fifo-worker", home: "aws" };
  },
  async run() {
    const token = new sst.Secret("ApiToken");
    const dlq = new sst.aws.Queue("QueueDlq", { fifo: true });
    const queue = new sst.aws.Queue("Queue", { fifo: true, dlq: { queue: dlq.arn, retry: 3 } });
    const consumer = new sst.aws.Function("Consumer", {
      handler: "src/consumer.handler",
      link: [token],
      timeout: "30 seconds",
    });
    queue.subscribe(consumer.arn, { batch: { size: 3, partialResponses: true } });
  },
});
