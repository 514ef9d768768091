import { Readable } from "node:stream";
import { S3ServiceException } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { S3Storage } from "./s3-storage.ts";

/** A stand-in S3 client that records each command and answers like S3 with conditional writes. */
function fakeS3(objects = new Map<string, string>()) {
  const sent: { name: string; input: Record<string, unknown> }[] = [];
  const client = {
    async send(command: { constructor: { name: string }; input: Record<string, unknown> }) {
      sent.push({ name: command.constructor.name, input: command.input });
      const key = command.input.Key as string;
      if (command.constructor.name === "PutObjectCommand") {
        if (command.input.IfNoneMatch === "*" && objects.has(key)) {
          throw new S3ServiceException({
            name: "PreconditionFailed",
            $fault: "client",
            $metadata: { httpStatusCode: 412 },
          });
        }
        objects.set(key, "x");
        return {};
      }
      if (!objects.has(key)) {
        const { NoSuchKey } = await import("@aws-sdk/client-s3");
        throw new NoSuchKey({ message: "none", $metadata: {} });
      }
      return { Body: Readable.from([objects.get(key) as string]) };
    },
  };
  return { client, sent, objects };
}

describe("S3Storage", () => {
  it("writes with If-None-Match: * under the prefix, and reports an existing object instead of replacing it", async () => {
    const s3 = fakeS3();
    const storage = new S3Storage("cache-bucket", "nx/", s3.client as never);
    expect(await storage.putIfAbsent("main/123", Readable.from(["abc"]), 3)).toBe("created");
    expect(s3.sent[0]?.input).toMatchObject({
      Bucket: "cache-bucket",
      Key: "nx/main/123",
      IfNoneMatch: "*",
      ContentLength: 3,
    });
    expect(await storage.putIfAbsent("main/123", Readable.from(["evil"]), 4)).toBe("exists");
  });

  it("reads an object, and answers undefined for a missing one", async () => {
    const s3 = fakeS3(new Map([["nx/main/1", "x"]]));
    const storage = new S3Storage("cache-bucket", "nx/", s3.client as never);
    expect(await storage.get("main/1")).toBeInstanceOf(Readable);
    expect(await storage.get("main/2")).toBeUndefined();
  });
});
