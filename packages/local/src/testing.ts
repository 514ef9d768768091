import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTables, startDynamo } from "./dynamo";
import { readBody, sendJson } from "./http";
import { listenFrom } from "./ports";
import { LocalQueue } from "./queue/local-queue";
import { handleSqsEndpointRequest, isSqsTarget } from "./queue/sqs-protocol";
import { QueueStore } from "./queue/store";
import { closeServer } from "./resources/close-server";
import { createS3Handler, type LocalBucket } from "./s3";

/** A local S3 endpoint for tests, with the settings an AWS SDK v3 S3 client needs to reach it. */
export interface TestS3 {
  /** Pass to `new S3Client(...)` (or `bucket(link, { s3 })` of `@acme/runtime/s3`). */
  clientConfig: {
    endpoint: string;
    region: string;
    forcePathStyle: true;
    credentials: { accessKeyId: string; secretAccessKey: string };
  };
  /** The folder of a bucket: one file per object key, as nx serve keeps them. */
  folderOf: (bucketName: string) => string;
  stop: () => Promise<void>;
}

/**
 * The S3 endpoint `nx serve` runs, on a free port, over a temporary folder, for the buckets named
 * (their physical names, as the tests' `SST_RESOURCE_<Link>` give them). `stop()` removes the folder.
 */
export async function startTestS3(bucketNames: readonly string[]): Promise<TestS3> {
  const root = mkdtempSync(join(tmpdir(), "shipyard-s3-"));
  const buckets: LocalBucket[] = bucketNames.map((bucketName) => ({
    name: bucketName,
    bucketName,
    dir: join(root, bucketName),
  }));
  const handle = createS3Handler(buckets);
  const server = createServer((request, response) => {
    handle(request, response).catch((error) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  const port = await listenFrom(server, 0, "127.0.0.1");
  return {
    clientConfig: {
      endpoint: `http://127.0.0.1:${port}`,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    },
    folderOf: (bucketName) => join(root, bucketName),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          rmSync(root, { recursive: true, force: true });
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** A local DynamoDB for tests, with the settings an AWS SDK v3 DynamoDB client needs. */
export interface TestDynamo {
  /** Pass to `new DynamoDBClient(...)` (or `table(link, { dynamo })` of `@acme/runtime/dynamo`). */
  clientConfig: TestS3["clientConfig"] extends infer C ? Omit<C, "forcePathStyle"> : never;
  stop: () => Promise<void>;
}

/**
 * The DynamoDB `nx serve` runs (dynalite), in memory, with the tables named (their physical
 * names, as the tests' `SST_RESOURCE_<Link>` give them) created with the platform's table key.
 */
export async function startTestDynamo(tableNames: readonly string[]): Promise<TestDynamo> {
  const dynamo = await startDynamo();
  await createTables(dynamo.endpoint, tableNames);
  return {
    clientConfig: {
      endpoint: dynamo.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    },
    stop: dynamo.stop,
  };
}

/** A message as a test receives it from {@link TestQueue.receive}. */
export interface ReceivedMessage {
  messageId: string;
  /** As sent: `queue().send` of `@acme/runtime/sqs` sends JSON. */
  body: string;
  messageGroupId?: string;
}

/** Local SQS queues for tests, with the settings an AWS SDK v3 SQS client needs to reach them. */
export interface TestQueue {
  /** Pass to `new SQSClient(...)` (or `queue(link, { sqs })` of `@acme/runtime/sqs`). */
  clientConfig: TestDynamo["clientConfig"];
  /** The queue's URL, what `SST_RESOURCE_<Name>` gives as `url` (as nx serve gives it). */
  urlOf: (name: string) => string;
  /** The messages sent to the queue and not received yet, oldest first; receiving removes them. */
  receive: (name: string) => ReceivedMessage[];
  stop: () => Promise<void>;
}

/**
 * The SQS endpoint `nx serve` runs, on a free port, over the local queue (a temporary store), for
 * the queues named (their link names). Nothing consumes them: a test reads what its code sent
 * with `receive(name)`. `stop()` removes the store.
 */
export async function startTestQueue(names: readonly string[]): Promise<TestQueue> {
  const root = mkdtempSync(join(tmpdir(), "shipyard-queue-"));
  const store = new QueueStore(root);
  const queues = new Map(names.map((name) => [name, testQueue(name, store)]));
  const server = createServer((request, response) => {
    readBody(request)
      .then((body) => {
        const target = request.headers["x-amz-target"];
        if (request.method !== "POST" || !isSqsTarget(target)) {
          sendJson(response, 404, { message: "Only SQS requests (X-Amz-Target: AmazonSQS.*)." });
          return;
        }
        const reply = handleSqsEndpointRequest(queues, target, body.toString("utf8"));
        response.writeHead(reply.status, { "content-type": "application/x-amz-json-1.0" });
        response.end(JSON.stringify(reply.body));
      })
      .catch((error) => {
        response.writeHead(500);
        response.end(String(error));
      });
  });
  const endpoint = `http://127.0.0.1:${await listenFrom(server, 0, "127.0.0.1")}`;
  return {
    clientConfig: {
      endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    },
    urlOf: (name) => `${endpoint}/queues/${name}`,
    receive: (name) => receiveAll(store, name, queues),
    async stop() {
      await closeServer(server);
      store.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function testQueue(name: string, store: QueueStore): LocalQueue {
  return new LocalQueue({
    name,
    store,
    app: "test",
    stage: "test",
    maxReceiveCount: undefined,
    batchSize: 10,
    partialResponses: false,
    fifo: false,
    retryAfterMs: 0,
    inFlightMs: 0,
    consumer: undefined,
    log: () => {},
  });
}

function receiveAll(
  store: QueueStore,
  name: string,
  queues: ReadonlyMap<string, LocalQueue>,
): ReceivedMessage[] {
  if (!queues.has(name)) {
    throw new Error(`No test queue "${name}": started with ${[...queues.keys()].join(", ")}.`);
  }
  const messages = store.visible(name, Date.now(), Number.MAX_SAFE_INTEGER);
  store.settle({ deleted: messages.map((m) => m.messageId), retried: [], deadLettered: [] });
  return messages.map(({ messageId, body, messageGroupId }) => ({
    messageId,
    body,
    ...(messageGroupId !== undefined ? { messageGroupId } : {}),
  }));
}
