/**
 * The baseline for the cron kind (bench/handler-cold-start.mts): apps/billing-report's job as a
 * plain function that logs one JSON line, no @acme/runtime.
 */
export const handler = async () => {
  const result = { startedAt: new Date().toISOString() };
  const bucket = JSON.parse(process.env.SST_RESOURCE_Bucket ?? "{}") as { name?: string };
  console.log(
    JSON.stringify({ level: "INFO", message: "job ran", ...result, bucket: bucket.name }),
  );
  return result;
};
