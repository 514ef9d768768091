/**
 * The fair baseline for the cron kind (bench/handler-cold-start.mts): apps/billing-report's job,
 * with the same behaviour, written directly on the libraries a team would use without the
 * platform: the AWS SDK's S3 client, SST's own `Resource` for the link, one JSON line per log.
 * No @acme/runtime. (bare-cron.ts, the older baseline, only logs.)
 */
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Resource } from "sst";

const s3 = new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });

export const handler = async () => {
  const startedAt = new Date().toISOString();
  const report = `reports/${startedAt}.json`;
  const bucket = (Resource as unknown as { Bucket: { name: string } }).Bucket;
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket.name,
      Key: report,
      Body: `${JSON.stringify({ startedAt }, null, 2)}\n`,
      ContentType: "application/json",
    }),
  );
  const result = { startedAt, report };
  console.log(JSON.stringify({ level: "INFO", message: "job ran", ...result }));
  return result;
};
