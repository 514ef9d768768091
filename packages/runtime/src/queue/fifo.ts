import type { SQSRecord } from "aws-lambda";

/**
 * Whether a record comes from a FIFO queue: its queue ARN ends in `.fifo` or it carries a
 * `MessageGroupId`.
 */
export function isFifoRecord(record: SQSRecord): boolean {
  return record.eventSourceARN.endsWith(".fifo") || Boolean(record.attributes.MessageGroupId);
}
