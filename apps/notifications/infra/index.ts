/// <reference path="../.sst/platform/config.d.ts" />
import { linkedResources } from "./resources";

/**
 * The notifications service's resources. SST's globals (`sst`, `$app`, `$dev`) are typed by the
 * reference above; the platform's conventions are applied before this runs (sst.config.ts).
 */
export function infra() {
  // The platform's conventions (@acme/infra) give the queue its dead-letter queue,
  // "QueueDlq" (a message moves there after 3 failed receives), and a visibility timeout that
  // fits the consumer.
  const queue = new sst.aws.Queue("Queue");
  // The function is created here (not by queue.subscribe) so that its name stays short: see
  // generators/service/README.md, "Name lengths". Linking the queue grants it SQS access.
  const consumer = new sst.aws.Function("Consumer", {
    handler: "src/consumer.handler",
    link: [queue, ...linkedResources()],
  });
  queue.subscribe(consumer.arn, { batch: { partialResponses: true } });

  return { queueUrl: queue.url };
}
