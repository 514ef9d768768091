import { createHash } from "node:crypto";
import { InvalidMessageError, type LocalQueue } from "./local-queue";
import { batchProblem, type SqsProblem } from "./validate";

/** An answer in SQS's JSON protocol (`application/x-amz-json-1.0`). */
export interface SqsReply {
  status: number;
  body: Record<string, unknown>;
}

/** The operations emulated locally, as the AWS SDK names them in `X-Amz-Target`. */
const SEND_MESSAGE = "AmazonSQS.SendMessage";
const SEND_MESSAGE_BATCH = "AmazonSQS.SendMessageBatch";
const EMULATED = [SEND_MESSAGE, SEND_MESSAGE_BATCH];

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
  if (target === SEND_MESSAGE) {
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
  if (target === SEND_MESSAGE_BATCH) {
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
  return unsupported(target);
}

function unsupported(target: string): SqsReply {
  return error({
    code: "UnsupportedOperation",
    message: `${target} is not emulated locally: the local endpoint takes ${EMULATED.map((op) => op.replace("AmazonSQS.", "")).join(" and ")}, with the QueueUrl <endpoint>/queues/<Name>.`,
  });
}

/** Whether a request is one of SQS's JSON protocol (the AWS SDK's `X-Amz-Target: AmazonSQS.*`). */
export function isSqsTarget(target: unknown): target is string {
  return typeof target === "string" && target.startsWith("AmazonSQS.");
}

/** The queue name in a local queue URL (`http://127.0.0.1:<port>/queues/<Name>`). */
function queueNameOf(queueUrl: unknown): string | undefined {
  if (typeof queueUrl !== "string") return undefined;
  try {
    const [, first, name, rest] = new URL(queueUrl).pathname.split("/");
    return first === "queues" && name && rest === undefined ? decodeURIComponent(name) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An SQS request sent to the endpoint itself, as the AWS SDK sends it (to
 * `AWS_ENDPOINT_URL_SQS`, or to the queue URL's origin, with the `QueueUrl` in the body): answered
 * by the queue that URL names, or with SQS's `QueueDoesNotExist`, listing the queues served.
 */
export function handleSqsEndpointRequest(
  queues: ReadonlyMap<string, LocalQueue>,
  target: string,
  body: string,
): SqsReply {
  // GetQueueUrl, ListQueues...: no QueueUrl to route by, so not "no queue at QueueUrl undefined".
  if (!EMULATED.includes(target)) return unsupported(target);
  const queueUrl = parse(body)?.QueueUrl;
  const name = queueNameOf(queueUrl);
  const queue = name === undefined ? undefined : queues.get(name);
  if (!queue) {
    const served = [...queues.keys()].join(", ") || "none";
    return error({
      code: "QueueDoesNotExist",
      message: `No local queue at QueueUrl ${JSON.stringify(queueUrl)}: the queues served are ${served}, at <endpoint>/queues/<Name>.`,
    });
  }
  return handleSqsRequest(queue, target, body);
}
