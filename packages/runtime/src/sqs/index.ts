/**
 * `@acme/runtime/sqs`: sending to a service's linked SQS queues through the AWS SDK v3 SQS client
 * (modular: only the SQS client is bundled, and only into handlers that import this subpath).
 * Consuming a queue is `createBatchHandler` of `@acme/runtime/queue`.
 */
export { type QueueClient, queue, type SendOptions } from "./queue";
