import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LocalQueue } from "./local-queue";
import { handleSqsEndpointRequest, handleSqsRequest } from "./sqs-protocol";
import { QueueStore } from "./store";
import { MAX_MESSAGE_BYTES } from "./validate";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function queue(fifo = false) {
  const dir = mkdtempSync(join(tmpdir(), "sqs-protocol-"));
  const store = new QueueStore(dir);
  cleanups.push(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return new LocalQueue({
    name: "Queue",
    store,
    app: "app",
    stage: "local",
    maxReceiveCount: 3,
    batchSize: 10,
    partialResponses: true,
    fifo,
    retryAfterMs: 10,
    inFlightMs: 1000,
    consumer: undefined,
    log: () => {},
  });
}

const batch = (q: LocalQueue, entries: unknown) =>
  handleSqsRequest(q, "AmazonSQS.SendMessageBatch", JSON.stringify({ Entries: entries }));
const stored = (q: LocalQueue) => q.stats().visible;

describe("handleSqsRequest", () => {
  it("answers SendMessage with the id and MD5 of the body, as the SDK checks", () => {
    const q = queue();
    const reply = handleSqsRequest(
      q,
      "AmazonSQS.SendMessage",
      JSON.stringify({ MessageBody: "hi" }),
    );
    expect(reply).toEqual({
      status: 200,
      body: { MessageId: expect.any(String), MD5OfMessageBody: "49f68a5c8493ec2c0bf489821c21fc3b" },
    });
  });

  it("stores every valid entry of a batch and fails each malformed one on its own", () => {
    const q = queue(true);
    const reply = batch(q, [
      { Id: "ok1", MessageBody: "1", MessageGroupId: "g" },
      { Id: "noBody", MessageGroupId: "g" },
      { Id: "noGroup", MessageBody: "3" },
      { Id: "badChars", MessageBody: "a\u0000b", MessageGroupId: "g" },
      { Id: "ok2", MessageBody: "6", MessageGroupId: "g" },
    ]);
    expect(reply.status).toBe(200);
    expect((reply.body.Successful as { Id: string }[]).map((s) => s.Id)).toEqual(["ok1", "ok2"]);
    expect(
      (reply.body.Failed as { Id: string; Code: string }[]).map((f) => [f.Id, f.Code]),
    ).toEqual([
      ["noBody", "MissingParameter"],
      ["noGroup", "MissingParameter"],
      ["badChars", "InvalidMessageContents"],
    ]);
    expect(stored(q)).toBe(2);
  });

  it("refuses a batch that is wrong as a whole, storing none of it", () => {
    const q = queue();
    const entry = (Id: string) => ({ Id, MessageBody: "x" });
    expect(batch(q, []).body.__type).toBe("com.amazonaws.sqs#EmptyBatchRequest");
    expect(
      batch(
        q,
        Array.from({ length: 11 }, (_, i) => entry(`e${i}`)),
      ).body.__type,
    ).toBe("com.amazonaws.sqs#TooManyEntriesInBatchRequest");
    expect(batch(q, [entry("a"), entry("a")]).body.__type).toBe(
      "com.amazonaws.sqs#BatchEntryIdsNotDistinct",
    );
    expect(batch(q, [entry("not ok!")]).body.__type).toBe("com.amazonaws.sqs#InvalidBatchEntryId");
    expect(stored(q)).toBe(0);
  });

  it("refuses a message longer than SQS takes, and a batch that adds up to more", () => {
    const q = queue();
    const long = "x".repeat(MAX_MESSAGE_BYTES + 1);
    const single = handleSqsRequest(
      q,
      "AmazonSQS.SendMessage",
      JSON.stringify({ MessageBody: long }),
    );
    expect(single.body.__type).toBe("com.amazonaws.sqs#InvalidParameterValue");
    const half = "x".repeat(MAX_MESSAGE_BYTES / 2 + 1);
    expect(
      batch(q, [
        { Id: "a", MessageBody: half },
        { Id: "b", MessageBody: half },
      ]).body.__type,
    ).toBe("com.amazonaws.sqs#BatchRequestTooLong");
    expect(stored(q)).toBe(0);
  });

  it("refuses a body that is not a JSON object and operations it does not emulate", () => {
    const q = queue();
    expect(handleSqsRequest(q, "AmazonSQS.SendMessage", "[1]").status).toBe(400);
    expect(handleSqsRequest(q, "AmazonSQS.PurgeQueue", "{}").body.__type).toBe(
      "com.amazonaws.sqs#UnsupportedOperation",
    );
  });

  it("answers an operation it does not emulate at the endpoint as such, not as a missing queue", () => {
    const queues = new Map([["Jobs", queue()]]);
    const reply = handleSqsEndpointRequest(
      queues,
      "AmazonSQS.GetQueueUrl",
      JSON.stringify({ QueueName: "Jobs" }),
    );
    expect(reply.body.__type).toBe("com.amazonaws.sqs#UnsupportedOperation");
    expect(reply.body.message).toMatch(
      /^AmazonSQS.GetQueueUrl is not emulated locally: .*SendMessage and SendMessageBatch/,
    );
    const sent = handleSqsEndpointRequest(
      queues,
      "AmazonSQS.SendMessage",
      JSON.stringify({ QueueUrl: "http://127.0.0.1:3000/queues/Jobs", MessageBody: "{}" }),
    );
    expect(sent.status).toBe(200);
  });
});
