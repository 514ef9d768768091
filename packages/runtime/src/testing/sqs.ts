import type { SQSEvent, SQSRecord } from "aws-lambda";

/** Options of {@link sqsRecord}. */
export interface SqsRecordOptions {
  /** @default a random UUID */
  messageId?: string;
  /** Message body; objects are sent as JSON. */
  body?: string | object;
  /** The queue ARN; a name ending in `.fifo` makes a FIFO record. */
  eventSourceARN?: string;
  /** FIFO message group id. */
  messageGroupId?: string;
  /** How many times the message was received. @default `1` */
  receiveCount?: number;
}

/**
 * One SQS record as delivered to Lambda.
 *
 * @example
 * ```ts
 * const event = sqsEvent([sqsRecord({ messageId: "m1", body: { orderId: "42" } })]);
 * ```
 */
export function sqsRecord(options: SqsRecordOptions = {}): SQSRecord {
  const eventSourceARN = options.eventSourceARN ?? "arn:aws:sqs:us-east-1:123456789012:orders";
  const body = options.body ?? {};
  const fifo = options.messageGroupId
    ? {
        MessageGroupId: options.messageGroupId,
        MessageDeduplicationId: crypto.randomUUID(),
        SequenceNumber: "18849496460467696128",
      }
    : {};
  return {
    messageId: options.messageId ?? crypto.randomUUID(),
    receiptHandle: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a",
    body: typeof body === "string" ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: "1767225600000",
      SenderId: "AIDAIENQZJOLO23YVJ4VO",
      ApproximateFirstReceiveTimestamp: "1767225600001",
      ...fifo,
    },
    messageAttributes: {},
    md5OfBody: "e4e68fb7bd0e697a0ae8f1bb342846b3",
    eventSource: "aws:sqs",
    eventSourceARN,
    awsRegion: "us-east-1",
  };
}

/** An SQS event wrapping `records`. */
export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}
