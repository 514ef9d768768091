import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { resource } from "../resources";

/** An item: plain JavaScript values, converted by the SDK's document client. */
export type Item = Record<string, unknown>;

/** A linked DynamoDB table's items, by key. */
export interface TableClient {
  /** The table's physical name, from the link. */
  readonly name: string;
  put(item: Item): Promise<void>;
  /** The item, or `undefined` when there is none under `key`. */
  get(key: Item): Promise<Item | undefined>;
  /** The document client, for queries, updates and transactions. */
  readonly documents: DynamoDBDocumentClient;
}

let sharedClient: DynamoDBDocumentClient | undefined;

/** One client per Lambda container; it honours `AWS_ENDPOINT_URL_DYNAMODB` (nx serve sets it). */
function defaultClient(): DynamoDBDocumentClient {
  sharedClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));
  return sharedClient;
}

/**
 * A linked SST `Dynamo` table (`nx g @acme/platform:resource --type table`). The link is read at
 * each call, so create it at module level. Pass `dynamo` (client settings) in tests.
 *
 * @example
 * ```ts
 * const orders = table("Orders");
 * await orders.put({ pk: "order#1", sk: "summary", total: 42 });
 * ```
 */
export function table(link: string, options: { dynamo?: DynamoDBClientConfig } = {}): TableClient {
  const own = options.dynamo
    ? DynamoDBDocumentClient.from(new DynamoDBClient(options.dynamo))
    : undefined;
  const client = () => own ?? defaultClient();
  const name = () => (resource(link as never) as { name: string }).name;
  return {
    get name() {
      return name();
    },
    get documents() {
      return client();
    },
    async put(item) {
      await client().send(new PutCommand({ TableName: name(), Item: item }));
    },
    async get(key) {
      const { Item } = await client().send(new GetCommand({ TableName: name(), Key: key }));
      return Item;
    },
  };
}
