import { createHash } from "node:crypto";
import { InvalidMessageError, type LocalQueue } from "./local-queue";
import { batchProblem, type SqsProblem } from "./validate";

/** An answer in SQS's JSON protocol (`application/x-amz-json-1.0`). */
export interface SqsReply {
  status: number;
  body: Record<string, unknown>;
}

const md5 = (text: string) => createHash("md5").update(text).digest("hex");

function error(problem: SqsProblem): SqsReply {
  return {
    status: 400,
    body: { __type: `com.amazonaws.sqs#${problem.code}`, message: problem.message },
  };
}

function parse(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body || "{}");
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `SendMessage` and `SendMessageBatch` in SQS's JSON protocol, so the AWS SDK's SQS client works
 * against the local queue. As SQS does, a batch is refused whole only for problems of the batch
 * (no entries, more than 10, bad or repeated ids, too long); an entry that is itself malformed is
 * reported in `Failed` and its valid batch-mates are stored.
 */
export function handleSqsRequest(queue: LocalQueue, target: string, body: string): SqsReply {
  const input = parse(body);
  if (!input) {
    return error({
      code: "InvalidParameterValue",
      message: "The request body is not a JSON object.",
    });
  }
  if (target === "AmazonSQS.SendMessage") {
    try {
      const message = queue.send(input.MessageBody, { messageGroupId: input.MessageGroupId });
      return {
        status: 200,
        body: { MessageId: message.messageId, MD5OfMessageBody: md5(message.body) },
      };
    } catch (cause) {
      if (cause instanceof InvalidMessageError) return error(cause);
      throw cause;
    }
  }
  if (target === "AmazonSQS.SendMessageBatch") {
    const problem = batchProblem(input.Entries);
    if (problem) return error(problem);
    const successful: Record<string, string>[] = [];
    const failed: Record<string, unknown>[] = [];
    for (const entry of input.Entries as Record<string, unknown>[]) {
      try {
        const message = queue.send(entry.MessageBody, { messageGroupId: entry.MessageGroupId });
        successful.push({
          Id: String(entry.Id),
          MessageId: message.messageId,
          MD5OfMessageBody: md5(message.body),
        });
      } catch (cause) {
        if (!(cause instanceof InvalidMessageError)) throw cause;
        failed.push({ Id: entry.Id, SenderFault: true, Code: cause.code, Message: cause.message });
      }
    }
    return { status: 200, body: { Successful: successful, Failed: failed } };
  }
  return error({ code: "UnsupportedOperation", message: `${target} is not emulated locally.` });
}
