import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ServiceModel } from "../model";
import { startBucketEndpoint } from "./buckets";

const dir = mkdtempSync(join(tmpdir(), "buckets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const model = {
  app: "reports",
  links: [{ name: "Bucket", type: "sst.aws.Bucket", properties: {} }],
} as unknown as ServiceModel;

describe("startBucketEndpoint", () => {
  it("answers an unexpected failure with S3's InternalError, without paths, and logs the cause", async () => {
    const logged: string[] = [];
    const endpoint = await startBucketEndpoint({
      model,
      stage: "local",
      linked: new Set(["Bucket"]),
      bucketsDir: dir,
      host: "127.0.0.1",
      log: (line) => logged.push(line),
    });
    try {
      const object = `${endpoint.url}/reports-local-bucket/a.txt`;
      expect((await fetch(object, { method: "PUT", body: "a" })).status).toBe(200);
      // A key under a key that is a file: the file system refuses it.
      const failed = await fetch(`${object}/b.txt`, { method: "PUT", body: "b" });
      expect(failed.status).toBe(500);
      const text = await failed.text();
      expect(text).toContain("<Code>InternalError</Code>");
      expect(text).not.toContain(dir);
      expect(logged.join("\n")).toContain(dir);
    } finally {
      await endpoint.stop();
    }
  });

  it("starts nothing when no function links a bucket", async () => {
    const endpoint = await startBucketEndpoint({
      model,
      stage: "local",
      linked: new Set(),
      bucketsDir: dir,
      host: "127.0.0.1",
      log: () => {},
    });
    expect(endpoint).toMatchObject({ url: undefined, buckets: [] });
  });
});
