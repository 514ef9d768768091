import type { ServiceModel } from "./model";
import { connectionString, type PostgresEndpoint } from "./postgres";
import type { LocalBucket } from "./s3";

/**
 * A message the generated worker consumer accepts (its `Message` schema, in
 * generators/service/new/worker-consumer.ts.ejs.t, wants a non-empty string `id`), for the
 * banner's "try" lines: the first message a user sends should succeed, not go to the DLQ.
 */
export const SAMPLE_MESSAGE = JSON.stringify({ id: "hello-1" });

/** Single quotes for a POSIX shell (the banner's commands are copied into one). */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The lines serve prints once the service is up: what runs where, and how to try it. */
export function bannerLines(info: {
  model: ServiceModel;
  url: string;
  queues: readonly { name: string; deadLettered: number }[];
  crons: readonly { name: string; expression: string; next: Date | undefined }[];
  buckets: readonly LocalBucket[];
  postgres: Omit<PostgresEndpoint, "stop"> | undefined;
  s3Url: string | undefined;
  dynamoUrl?: string | undefined;
  recoveredFrom: number | undefined;
}): string[] {
  const { model, url } = info;
  const lines = [
    "",
    `${model.app} is running locally (stage "${model.stage}", from its ${model.source === "infra" ? "infra" : "package.json answers"}).`,
    `  Listening on ${url}`,
  ];
  for (const route of model.routes) lines.push(`  route ${route.routeKey} → ${route.functionId}`);
  if (model.routes.length > 0) lines.push(`  try: curl -i ${url}/health`);
  const sample = shellQuote(SAMPLE_MESSAGE);
  for (const queue of info.queues) {
    const which = info.queues.length > 1 ? ` --queue ${queue.name}` : "";
    lines.push(
      `  queue ${queue.name}: npx shipyard-send ${sample}${which}`,
      `    or: curl -X POST ${url}/queues/${queue.name}/messages -d ${sample}`,
      `    dead letters (${queue.deadLettered}): curl ${url}/queues/${queue.name}/dlq`,
    );
  }
  for (const cron of info.crons) {
    lines.push(
      `  cron ${cron.name} (${cron.expression}), next run ${cron.next ? cron.next.toISOString() : "never"}`,
      `    run now: curl -X POST ${url}/cron/${cron.name}/run   or: npx shipyard-serve run ${cron.name}`,
    );
  }
  if (info.postgres) lines.push(`  Postgres: ${connectionString(info.postgres)}`);
  if (info.dynamoUrl) lines.push(`  DynamoDB: ${info.dynamoUrl} (AWS_ENDPOINT_URL_DYNAMODB)`);
  for (const bucket of info.buckets) {
    lines.push(
      `  bucket ${bucket.name} (${bucket.bucketName}): ${bucket.dir} via S3 endpoint ${info.s3Url}`,
    );
  }
  if (info.recoveredFrom !== undefined) {
    lines.push(
      `  (The previous serve, pid ${info.recoveredFrom}, did not stop cleanly; its lock was released when it ended.)`,
    );
  }
  lines.push(
    "  Data stays in .local/ between runs (--clean to start afresh). Ctrl-C stops everything.",
    "",
  );
  return lines;
}
