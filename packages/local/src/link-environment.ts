import type { LinkedResource, ServiceModel } from "./model";
import type { PostgresEndpoint } from "./postgres";
import type { LocalSecrets } from "./secrets";

/** Where the local stand-ins of a service's resources are, as serve started them. */
export interface LocalEndpoints {
  app: string;
  stage: string;
  /** The service's own endpoint (`http://127.0.0.1:<port>`), which also answers SQS. */
  serviceUrl: string;
  postgres: Omit<PostgresEndpoint, "stop"> | undefined;
  /** The local S3 endpoint, when the service links a bucket. */
  s3Url: string | undefined;
  /** The local DynamoDB endpoint, when the service links a table. */
  dynamoUrl: string | undefined;
  secrets: LocalSecrets;
}

/** What `SST_RESOURCE_<Name>` holds for one link type, given the local endpoints. */
export type LinkEnvironment = (
  link: LinkedResource,
  local: LocalEndpoints,
) => Record<string, unknown>;

/** The physical bucket name app code sees (S3 names are lower-case). */
export function localBucketName(app: string, stage: string, name: string): string {
  return `${app}-${stage}-${name}`.toLowerCase().replace(/[^a-z0-9.-]/g, "-");
}

/** The physical table name app code sees locally (the same shape as a bucket's). */
export const localTableName = localBucketName;

/**
 * For each SST link type that has a local stand-in, the properties SST's `getSSTLink()` gives
 * that component, pointing at the stand-in. A type not listed keeps its evaluated properties.
 * Supporting a new component locally is one entry here plus its stand-in.
 */
export const linkEnvironments: Readonly<Record<string, LinkEnvironment>> = {
  "sst.aws.Postgres": (link, { postgres }) => ({
    database: postgres?.database,
    username: postgres?.username,
    password: postgres?.password,
    port: postgres?.port,
    host: postgres?.host,
    type: link.type,
  }),
  "sst.aws.Bucket": (link, { app, stage }) => ({
    name: localBucketName(app, stage, link.name),
    type: link.type,
  }),
  "sst.aws.Queue": (link, { serviceUrl }) => ({
    url: `${serviceUrl}/queues/${link.name}`,
    type: link.type,
  }),
  "sst.aws.Dynamo": (link, { app, stage }) => ({
    name: localTableName(app, stage, link.name),
    type: link.type,
  }),
  "sst.sst.Secret": (link, { secrets }) => ({ value: secrets[link.name], type: link.type }),
};

/** The value of `SST_RESOURCE_<Name>` for a link. */
export function linkEnvironment(
  link: LinkedResource,
  local: LocalEndpoints,
): Record<string, unknown> {
  const toLocal = linkEnvironments[link.type];
  return toLocal ? toLocal(link, local) : link.properties;
}

/** Every variable one function's process gets: its own environment, its links, AWS defaults. */
export function functionEnvironment(
  model: ServiceModel,
  functionId: string,
  local: LocalEndpoints,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const fn = model.functions.find((f) => f.id === functionId);
  if (!fn) throw new Error(`No function "${functionId}".`);
  const env: NodeJS.ProcessEnv = {
    ...base,
    ...fn.environment,
    // Lambda sets these; the SDK then needs no profile.
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_ENDPOINT_URL_SQS: local.serviceUrl,
    ...(local.s3Url ? { AWS_ENDPOINT_URL_S3: local.s3Url } : {}),
    ...(local.dynamoUrl ? { AWS_ENDPOINT_URL_DYNAMODB: local.dynamoUrl } : {}),
    SST_RESOURCE_App: JSON.stringify({ name: model.app, stage: local.stage }),
  };
  const links = new Map(model.links.map((link) => [link.name, link]));
  for (const name of fn.links) {
    const link = links.get(name);
    if (link) env[`SST_RESOURCE_${name}`] = JSON.stringify(linkEnvironment(link, local));
  }
  return env;
}
