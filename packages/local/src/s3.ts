import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { dirname, join, relative, resolve, sep } from "node:path";
import { readBody } from "./http";

/** A local bucket: its S3 name and the folder that holds its objects (one file per key). */
export interface LocalBucket {
  /** The link name, e.g. `Bucket`. */
  name: string;
  /** The bucket name app code sends to S3 (`resource("Bucket").name`). */
  bucketName: string;
  dir: string;
}

const xmlEscape = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function xml(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { "content-type": "application/xml" });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

export function s3Error(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  xml(
    response,
    status,
    `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`,
  );
}

/**
 * Decodes an `aws-chunked` body (what the AWS SDK sends for streaming uploads and trailing
 * checksums): `<hex size>[;chunk-signature=...]\r\n<data>\r\n ... 0\r\n<trailers>\r\n\r\n`.
 */
export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    const lineEnd = body.indexOf("\r\n", offset);
    if (lineEnd === -1) break;
    const size = Number.parseInt(
      body.subarray(offset, lineEnd).toString("latin1").split(";")[0] ?? "",
      16,
    );
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * A minimal S3-compatible endpoint over local folders, so app code that uses the AWS SDK's S3
 * client runs unchanged (serve sets `AWS_ENDPOINT_URL_S3` to it; the SDK then uses path-style
 * addressing because the endpoint is an IP address). It answers PutObject, GetObject, HeadObject,
 * DeleteObject and ListObjectsV2 (prefix and delimiter, up to 1000 keys). Objects are plain files
 * under the bucket's folder; their content types are kept in `<folder>.meta.json`.
 */
export function createS3Handler(buckets: readonly LocalBucket[]) {
  const byName = new Map(buckets.map((bucket) => [bucket.bucketName, bucket]));
  const metaFile = (bucket: LocalBucket) => `${bucket.dir}.meta.json`;
  const readMeta = (bucket: LocalBucket): Record<string, { contentType?: string }> =>
    existsSync(metaFile(bucket)) ? JSON.parse(readFileSync(metaFile(bucket), "utf8")) : {};

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const [, bucketName = "", ...keyParts] = url.pathname.split("/");
    const bucket = byName.get(decodeURIComponent(bucketName));
    if (!bucket) {
      s3Error(response, 404, "NoSuchBucket", `No local bucket named "${bucketName}".`);
      return;
    }
    mkdirSync(bucket.dir, { recursive: true });
    const key = keyParts.map(decodeURIComponent).join("/");
    const method = request.method ?? "GET";

    if (!key) {
      if (method !== "GET") {
        s3Error(response, 405, "MethodNotAllowed", `${method} on a bucket is not emulated.`);
        return;
      }
      const prefix = url.searchParams.get("prefix") ?? "";
      const delimiter = url.searchParams.get("delimiter") ?? "";
      const keys = listFiles(bucket.dir)
        .filter((k) => k.startsWith(prefix))
        .sort();
      const contents: string[] = [];
      const prefixes = new Set<string>();
      for (const k of keys) {
        const rest = k.slice(prefix.length);
        const cut = delimiter ? rest.indexOf(delimiter) : -1;
        if (cut !== -1) {
          prefixes.add(prefix + rest.slice(0, cut + delimiter.length));
          continue;
        }
        const stat = statSync(join(bucket.dir, k));
        contents.push(
          `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${stat.mtime.toISOString()}</LastModified><ETag>"${etag(readFileSync(join(bucket.dir, k)))}"</ETag><Size>${stat.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
        );
      }
      const common = [...prefixes]
        .map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`)
        .join("");
      xml(
        response,
        200,
        `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucket.bucketName)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${contents.length + prefixes.size}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents.join("")}${common}</ListBucketResult>`,
      );
      return;
    }

    const file = resolve(bucket.dir, key);
    if (!file.startsWith(resolve(bucket.dir) + sep)) {
      s3Error(response, 400, "InvalidArgument", `Key "${key}" leaves the bucket's folder.`);
      return;
    }
    if (method === "PUT") {
      if (request.headers["x-amz-copy-source"]) {
        s3Error(response, 501, "NotImplemented", "CopyObject is not emulated locally.");
        return;
      }
      let body = await readBody(request);
      const encoding = String(request.headers["content-encoding"] ?? "");
      const sha = String(request.headers["x-amz-content-sha256"] ?? "");
      if (encoding.includes("aws-chunked") || sha.startsWith("STREAMING-")) {
        body = decodeAwsChunked(body);
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, body);
      const meta = readMeta(bucket);
      meta[key] = {
        contentType: String(request.headers["content-type"] ?? "application/octet-stream"),
      };
      writeFileSync(metaFile(bucket), `${JSON.stringify(meta, null, 2)}\n`);
      response.writeHead(200, { etag: `"${etag(body)}"` });
      response.end();
      return;
    }
    if (method === "GET" || method === "HEAD") {
      if (!existsSync(file) || !statSync(file).isFile()) {
        if (method === "HEAD") {
          response.writeHead(404);
          response.end();
        } else s3Error(response, 404, "NoSuchKey", "The specified key does not exist.");
        return;
      }
      const body = readFileSync(file);
      response.writeHead(200, {
        "content-type": readMeta(bucket)[key]?.contentType ?? "application/octet-stream",
        "content-length": body.length,
        etag: `"${etag(body)}"`,
        "last-modified": statSync(file).mtime.toUTCString(),
      });
      response.end(method === "HEAD" ? undefined : body);
      return;
    }
    if (method === "DELETE") {
      rmSync(file, { force: true });
      const meta = readMeta(bucket);
      delete meta[key];
      writeFileSync(metaFile(bucket), `${JSON.stringify(meta, null, 2)}\n`);
      response.writeHead(204);
      response.end();
      return;
    }
    s3Error(response, 405, "MethodNotAllowed", `${method} is not emulated.`);
  };
}

function etag(body: Buffer): string {
  return createHash("md5").update(body).digest("hex");
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"));
}
