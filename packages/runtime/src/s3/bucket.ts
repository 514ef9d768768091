import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { resource } from "../resources";

/** An object read back from a bucket. */
export interface StoredObject {
  /** Its own buffer, so it can go straight into a Response (Hono's `c.body`). */
  body: Uint8Array<ArrayBuffer>;
  contentType: string | undefined;
}

/** A linked bucket's objects, by key. */
export interface BucketClient {
  /** The bucket's physical name, from the link. */
  readonly name: string;
  put(key: string, body: string | Uint8Array, contentType?: string): Promise<void>;
  /** The object, or `undefined` when there is none under `key`. */
  get(key: string): Promise<StoredObject | undefined>;
}

let sharedClient: S3Client | undefined;

/**
 * One S3 client per Lambda container, made on first use. It reads the region and credentials
 * Lambda provides, and `AWS_ENDPOINT_URL_S3` when set (nx serve points it at its local S3).
 */
function defaultClient(): S3Client {
  sharedClient ??= new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });
  return sharedClient;
}

/**
 * A linked SST `Bucket` (`link: [bucket]` in infra/index.ts). The link is read at each call, so
 * create it at module level. Pass `s3` (client settings) in tests to reach a local endpoint.
 *
 * @example
 * ```ts
 * const reports = bucket("Bucket");
 * await reports.put("reports/2026-01-01.json", JSON.stringify(report), "application/json");
 * ```
 */
export function bucket(link: string, options: { s3?: S3ClientConfig } = {}): BucketClient {
  const own = options.s3 ? new S3Client(options.s3) : undefined;
  const client = () => own ?? defaultClient();
  const name = () => (resource(link as never) as { name: string }).name;
  return {
    get name() {
      return name();
    },
    async put(key, body, contentType = "application/octet-stream") {
      await client().send(
        new PutObjectCommand({ Bucket: name(), Key: key, Body: body, ContentType: contentType }),
      );
    },
    async get(key) {
      try {
        const object = await client().send(new GetObjectCommand({ Bucket: name(), Key: key }));
        const bytes = object.Body ? await object.Body.transformToByteArray() : new Uint8Array();
        return { body: new Uint8Array(bytes), contentType: object.ContentType };
      } catch (error) {
        if (error instanceof NoSuchKey) return undefined;
        throw error;
      }
    },
  };
}
