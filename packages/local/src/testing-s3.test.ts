import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bucket } from "@acme/runtime/s3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestS3, type TestS3 } from "./testing";

describe("startTestS3 with the runtime's bucket client", () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3(["svc-test-files"]);
  });
  afterAll(() => s3.stop());
  beforeEach(() => {
    process.env.SST_RESOURCE_Files = JSON.stringify({ name: "svc-test-files" });
  });
  afterEach(() => {
    delete process.env.SST_RESOURCE_Files;
  });

  it("stores an object in the linked bucket and reads it back", async () => {
    const files = bucket("Files", { s3: s3.clientConfig });
    await files.put("reports/a.json", '{"ok":true}', "application/json");
    const object = await files.get("reports/a.json");
    expect(new TextDecoder().decode(object?.body)).toBe('{"ok":true}');
    expect(object?.contentType).toBe("application/json");
    expect(readFileSync(join(s3.folderOf("svc-test-files"), "reports/a.json"), "utf8")).toBe(
      '{"ok":true}',
    );
  });

  it("reads a missing key as undefined", async () => {
    expect(await bucket("Files", { s3: s3.clientConfig }).get("nope")).toBeUndefined();
  });

  it("names the bucket from the link", () => {
    expect(bucket("Files").name).toBe("svc-test-files");
  });
});
