import { deadLetterQueueName, isDeadLetterQueueName } from "@acme/contract";
import { defaults } from "./defaults";
import { toSeconds } from "./duration";
import { pulumiType } from "./tags";

/** SQS keeps a message at most 14 days: failed messages stay in the DLQ that long for inspection. */
const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

type SubscriberArgs = {
  subscriber: $util.Input<string | { timeout?: $util.Input<string> }>;
  batch?: $util.Input<{ partialResponses?: $util.Input<boolean> }>;
};

/**
 * Queues get a dead-letter queue (a message is received at most `maxReceiveCount` times), a
 * visibility timeout of six times the platform's function timeout, and consumers that report
 * partial batch failures, as `createBatchHandler` from `@acme/runtime` does (without
 * `ReportBatchItemFailures` Lambda ignores the reported failures and deletes the whole batch).
 */
export function queueDefaults(): void {
  const visibilityByQueue = new Map<string, string>();

  $transform(sst.aws.Queue, (args, _opts, name) => {
    if (!args) return;
    args.visibilityTimeout ??= `${defaults.visibilityTimeoutFactor * toSeconds(defaults.timeout)} seconds`;
    if (typeof args.visibilityTimeout === "string") {
      visibilityByQueue.set(name, args.visibilityTimeout);
    }
    if (isDeadLetterQueueName(name) || args.dlq !== undefined) return;

    const dlq = new sst.aws.Queue(deadLetterQueueName(name), {
      fifo: args.fifo,
      transform: { queue: { messageRetentionSeconds: DLQ_RETENTION_SECONDS } },
    });
    args.dlq = { queue: dlq.arn, retry: defaults.maxReceiveCount };
  });

  // SST does not export QueueLambdaSubscriber from `sst.aws`; its type token reaches it.
  $transform(pulumiType<SubscriberArgs>("sst:aws:QueueLambdaSubscriber"), (args, _opts, name) => {
    args.batch = $output(args.batch ?? {}).apply((batch) => ({
      ...batch,
      partialResponses: batch.partialResponses ?? true,
    }));
    checkVisibilityFitsConsumer(name, args.subscriber, visibilityByQueue);
  });
}

/**
 * A queue must hide a received message for longer than its consumer may take, or the message is
 * delivered again while the first attempt still runs. AWS advises six times the function timeout.
 */
function checkVisibilityFitsConsumer(
  subscriberName: string,
  subscriber: SubscriberArgs["subscriber"],
  visibilityByQueue: ReadonlyMap<string, string>,
): void {
  const queue = [...visibilityByQueue.keys()]
    .filter((queueName) => subscriberName.startsWith(`${queueName}Subscriber`))
    .sort((a, b) => b.length - a.length)[0];
  const visibility = queue ? visibilityByQueue.get(queue) : undefined;
  const timeout =
    typeof subscriber === "object" && "timeout" in subscriber
      ? subscriber.timeout
      : defaults.timeout;
  if (!queue || !visibility || typeof timeout !== "string") return;

  const needed = defaults.visibilityTimeoutFactor * toSeconds(timeout);
  if (toSeconds(visibility) < needed) {
    throw new Error(
      `Queue "${queue}" has visibilityTimeout "${visibility}", but its consumer may run for "${timeout}": AWS advises at least ${defaults.visibilityTimeoutFactor} times the consumer's timeout. Set visibilityTimeout: "${needed} seconds" on the queue, or lower the consumer's timeout.`,
    );
  }
}
