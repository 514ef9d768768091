import type { Server } from "node:http";
import { tableKeys } from "@acme/contract";
import { localTableName } from "./link-environment";
import type { ServiceModel } from "./model";
import { packageRequire } from "./package-dir";
import { ensureDir } from "./paths";

interface DynaliteOptions {
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

// dynalite is CommonJS without type declarations: load it with require and type what is used.
const dynalite = packageRequire("dynalite") as (options: DynaliteOptions) => Server;

/** A local DynamoDB endpoint (dynalite: DynamoDB's API over LevelDB). */
export interface LocalDynamo {
  endpoint: string;
  stop: () => Promise<void>;
}

/**
 * Starts dynalite on a free port: on `dataDir` (kept between runs) or in memory. Tables are
 * created at once (AWS takes a while; local code should not wait).
 */
export async function startDynamo(
  options: { dataDir?: string; host?: string } = {},
): Promise<LocalDynamo> {
  const host = options.host ?? "127.0.0.1";
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dataDir ? { path: ensureDir(options.dataDir) } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("dynalite has no port.");
  return {
    endpoint: `http://${host}:${address.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Creates each table (if missing) with the platform's table key ({@link tableKeys}: string `pk`
 * and `sk`), through DynamoDB's JSON API as the AWS SDK sends it.
 */
export async function createTables(endpoint: string, tableNames: readonly string[]): Promise<void> {
  for (const name of tableNames) {
    const response = await fetch(endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amz-target": "DynamoDB_20120810.CreateTable",
        "x-amz-date": "20260101T000000Z",
        // dynalite checks that a request is signed, not the signature.
        authorization:
          "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local",
      },
      body: JSON.stringify({
        TableName: name,
        AttributeDefinitions: [
          { AttributeName: tableKeys.hashKey, AttributeType: "S" },
          { AttributeName: tableKeys.rangeKey, AttributeType: "S" },
        ],
        KeySchema: [
          { AttributeName: tableKeys.hashKey, KeyType: "HASH" },
          { AttributeName: tableKeys.rangeKey, KeyType: "RANGE" },
        ],
        BillingMode: "PAY_PER_REQUEST",
      }),
    });
    if (!response.ok) {
      const body = (await response.json()) as { __type?: string; message?: string };
      if (!body.__type?.endsWith("ResourceInUseException")) {
        throw new Error(
          `Creating the local table ${name} failed: ${body.message ?? response.status}`,
        );
      }
    }
  }
}

/**
 * nx serve's stand-in for the service's linked `sst.aws.Dynamo` tables: one dynalite on `dataDir`
 * with each table created under its local physical name ({@link localTableName}). Starts nothing
 * (and `url` is undefined) when no function links a table. Functions reach it through
 * `AWS_ENDPOINT_URL_DYNAMODB` (link-environment.ts).
 */
export async function startDynamoStandIn(options: {
  model: ServiceModel;
  stage: string;
  linked: ReadonlySet<string>;
  dataDir: string;
  host: string;
}): Promise<{ url: string | undefined; stop: () => Promise<void> }> {
  const { model, stage } = options;
  const tables = model.links.filter(
    (l) => l.type === "sst.aws.Dynamo" && options.linked.has(l.name),
  );
  if (tables.length === 0) return { url: undefined, stop: async () => {} };
  const dynamo = await startDynamo({ dataDir: options.dataDir, host: options.host });
  try {
    await createTables(
      dynamo.endpoint,
      tables.map((table) => localTableName(model.app, stage, table.name)),
    );
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  return { url: dynamo.endpoint, stop: dynamo.stop };
}
