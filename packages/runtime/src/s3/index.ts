/**
 * `@acme/runtime/s3`: a service's linked S3 buckets through the AWS SDK v3 S3 client (modular:
 * only the S3 client is bundled). Why: docs/adr/0007-postgres-and-s3-clients.md.
 */
export { type BucketClient, bucket, type StoredObject } from "./bucket";
