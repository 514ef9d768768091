/**
 * SQS's rules for one message, checked before it is stored so that a malformed message is refused
 * alone (in `SendMessageBatch`: as a failed entry, its batch-mates stored) instead of reaching the
 * consumer. Limits as AWS documents them: 1 MiB per message and per batch (raised from 256 KiB in
 * August 2025), at most 10 entries, entry ids of 1 to 80 letters, digits, `-` and `_`.
 */

export const MAX_MESSAGE_BYTES = 1_048_576;
export const MAX_BATCH_ENTRIES = 10;
const BATCH_ENTRY_ID = /^[A-Za-z0-9_-]{1,80}$/;
/** The characters SQS accepts in a body: #x9 #xA #xD, #x20-#xD7FF, #xE000-#xFFFD, #x10000-#x10FFFF. */
const INVALID_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** An SQS error: its code (`InvalidParameterValue`...) and message. */
export interface SqsProblem {
  code: string;
  message: string;
}

export interface MessageInput {
  body: unknown;
  messageGroupId?: unknown;
}

/** What is wrong with one message for this queue, or undefined when SQS would accept it. */
export function messageProblem(input: MessageInput, fifo: boolean): SqsProblem | undefined {
  const { body, messageGroupId } = input;
  if (body === undefined || body === null) {
    return {
      code: "MissingParameter",
      message: "The request must contain the parameter MessageBody.",
    };
  }
  if (typeof body !== "string") {
    return { code: "InvalidParameterValue", message: "MessageBody must be a string." };
  }
  if (body.length === 0) {
    return { code: "InvalidParameterValue", message: "The message body must not be empty." };
  }
  if (Buffer.byteLength(body, "utf8") > MAX_MESSAGE_BYTES) {
    return {
      code: "InvalidParameterValue",
      message: `The message is longer than ${MAX_MESSAGE_BYTES} bytes.`,
    };
  }
  if (INVALID_CHARACTER.test(body)) {
    return {
      code: "InvalidMessageContents",
      message: "The message contains characters outside the allowed set.",
    };
  }
  if (messageGroupId !== undefined && typeof messageGroupId !== "string") {
    return { code: "InvalidParameterValue", message: "MessageGroupId must be a string." };
  }
  if (fifo && !messageGroupId) {
    return {
      code: "MissingParameter",
      message: "The request must contain the parameter MessageGroupId (the queue is FIFO).",
    };
  }
  return undefined;
}

/**
 * What makes a whole `SendMessageBatch` request invalid (SQS refuses it and stores nothing), or
 * undefined. Problems of single entries are not checked here: they fail only their entry.
 */
export function batchProblem(entries: unknown): SqsProblem | undefined {
  if (!Array.isArray(entries) || entries.length === 0) {
    return { code: "EmptyBatchRequest", message: "The batch request doesn't contain any entries." };
  }
  if (entries.length > MAX_BATCH_ENTRIES) {
    return {
      code: "TooManyEntriesInBatchRequest",
      message: `The batch request contains more entries than permissible (${MAX_BATCH_ENTRIES}).`,
    };
  }
  const ids = new Set<string>();
  let bytes = 0;
  for (const entry of entries) {
    const id = (entry as { Id?: unknown } | null)?.Id;
    if (typeof id !== "string" || !BATCH_ENTRY_ID.test(id)) {
      return {
        code: "InvalidBatchEntryId",
        message: `A batch entry id can only contain alphanumeric characters, hyphens and underscores, and be 1 to 80 long: ${JSON.stringify(id)}.`,
      };
    }
    if (ids.has(id)) {
      return { code: "BatchEntryIdsNotDistinct", message: `Two entries have the id "${id}".` };
    }
    ids.add(id);
    const body = (entry as { MessageBody?: unknown }).MessageBody;
    if (typeof body === "string") bytes += Buffer.byteLength(body, "utf8");
  }
  if (bytes > MAX_MESSAGE_BYTES) {
    return {
      code: "BatchRequestTooLong",
      message: `The batch's messages add up to more than ${MAX_MESSAGE_BYTES} bytes.`,
    };
  }
  return undefined;
}
