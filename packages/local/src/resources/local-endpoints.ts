import { startDynamoStandIn } from "../dynamo";
import type { Lifecycle } from "../lifecycle";
import type { LocalEndpoints } from "../link-environment";
import type { LoadedService } from "../load-service";
import type { LocalPaths } from "../paths";
import type { LocalBucket } from "../s3";
import { startBucketEndpoint } from "./buckets";
import { startDatabase } from "./database";

/**
 * Starts the stand-ins of the linked data resources (the buckets' S3 endpoint, Postgres, the
 * DynamoDB tables' endpoint), each
 * registered with `lifecycle` to stop, and returns where they are.
 */
export async function startLocalEndpoints(options: {
  service: LoadedService;
  stage: string;
  paths: LocalPaths;
  serviceUrl: string;
  host: string;
  postgresPort: number;
  lifecycle: Lifecycle;
  log: (line: string) => void;
}): Promise<{ local: LocalEndpoints; buckets: LocalBucket[] }> {
  const { service, stage, paths, lifecycle, log } = options;
  const { model, linked } = service;
  const bucketEndpoint = await startBucketEndpoint({
    model,
    stage,
    linked,
    bucketsDir: paths.buckets,
    host: options.host,
    log,
  });
  lifecycle.defer("the S3 endpoint", () => bucketEndpoint.stop());
  const database = await startDatabase({
    model,
    linked,
    dataDir: paths.postgres,
    preferredPort: options.postgresPort,
    log,
  });
  lifecycle.defer("Postgres", () => database.stop());
  const dynamo = await startDynamoStandIn({
    model,
    stage,
    linked,
    dataDir: paths.dynamo,
    host: options.host,
  });
  lifecycle.defer("the DynamoDB endpoint", () => dynamo.stop());
  return {
    local: {
      app: model.app,
      stage,
      serviceUrl: options.serviceUrl,
      postgres: database.endpoint,
      s3Url: bucketEndpoint.url,
      dynamoUrl: dynamo.url,
      secrets: service.secrets,
    },
    buckets: bucketEndpoint.buckets,
  };
}
