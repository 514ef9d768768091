import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTables, startDynamo } from "./dynamo";
import { listenFrom } from "./ports";
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
