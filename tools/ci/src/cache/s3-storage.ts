import type { Readable } from "node:stream";
import {
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import type { CacheStorage } from "./storage.ts";

/**
 * Entries as S3 objects, `<prefix><namespace>/<hash>`. Writes are conditional (`If-None-Match: *`),
 * so S3 itself refuses to replace an object that exists, also when two writers race.
 */
export class S3Storage implements CacheStorage {
  constructor(
    private readonly bucket: string,
    private readonly prefix = "",
    private readonly client = new S3Client({}),
  ) {}

  async get(key: string): Promise<Readable | undefined> {
    try {
      const object = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.prefix + key }),
      );
      return object.Body as Readable;
    } catch (error) {
      if (error instanceof NoSuchKey) return undefined;
      throw error;
    }
  }

  async putIfAbsent(key: string, body: Readable, length: number): Promise<"created" | "exists"> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.prefix + key,
          Body: body,
          ContentLength: length,
          ContentType: "application/octet-stream",
          IfNoneMatch: "*",
        }),
      );
      return "created";
    } catch (error) {
      // 412: the object exists. 409: another conditional write of it is in flight.
      const status =
        error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      if (status === 412 || status === 409) return "exists";
      throw error;
    }
  }
}
