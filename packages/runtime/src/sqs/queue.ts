import { SendMessageCommand, SQSClient, type SQSClientConfig } from "@aws-sdk/client-sqs";
import { resource } from "../resources";

/** What a message may carry besides its body. */
export interface SendOptions {
  /** Required by a FIFO queue (its URL ends in `.fifo`): messages of one group arrive in order. */
  groupId?: string;
  /**
   * Required by a FIFO queue without content-based deduplication (SST's `fifo: true` has none):
   * SQS drops a message sent again with the same id within five minutes.
   */
  deduplicationId?: string;
}

/** A linked queue that the service's code sends messages to. */
export interface QueueClient {
  /** The queue's URL, from the link. */
  readonly url: string;
  /** Sends `body` as JSON (what `createBatchHandler` parses) and returns SQS's message id. */
  send(body: unknown, options?: SendOptions): Promise<string>;
}

let sharedClient: SQSClient | undefined;

/**
 * One SQS client per Lambda container, made on first use. It reads the region and credentials
 * Lambda provides, and `AWS_ENDPOINT_URL_SQS` when set (nx serve points it at its local queues).
 */
function defaultClient(): SQSClient {
  sharedClient ??= new SQSClient({});
  return sharedClient;
}

/**
 * A linked SST `Queue` (`nx g @acme/platform:resource --type queue`). The link is read at each
 * call, so create it at module level. Pass `sqs` (client settings) in tests to reach a local
 * endpoint (`startTestQueue` of `@acme/local/testing`).
 *
 * @example
 * ```ts
 * const jobs = queue("Jobs");
 * await jobs.send({ orderId: "order-1" });
 * ```
 */
export function queue(link: string, options: { sqs?: SQSClientConfig } = {}): QueueClient {
  const own = options.sqs ? new SQSClient(options.sqs) : undefined;
  const client = () => own ?? defaultClient();
  const url = () => (resource(link as never) as { url: string }).url;
  return {
    get url() {
      return url();
    },
    async send(body, { groupId, deduplicationId } = {}) {
      const { MessageId } = await client().send(
        new SendMessageCommand({
          QueueUrl: url(),
          MessageBody: JSON.stringify(body),
          ...(groupId !== undefined ? { MessageGroupId: groupId } : {}),
          ...(deduplicationId !== undefined ? { MessageDeduplicationId: deduplicationId } : {}),
        }),
      );
      if (!MessageId) throw new Error(`SQS returned no message id for ${link}.`);
      return MessageId;
    },
  };
}
