import type { ServiceContext } from "./context";

/**
 * Buckets: private (SST blocks public access unless `access: "public"` is set), reachable over TLS
 * only, and versioned in production so an overwrite or delete can be undone.
 */
export function bucketDefaults(context: ServiceContext): void {
  $transform(sst.aws.Bucket, (args) => {
    if (!args) return;
    args.enforceHttps ??= true;
    args.versioning ??= context.production;
  });
}
