---
to: "<%= kind === 'cron' ? `apps/${name}/src/job.test.ts` : null %>"
---
<%_ if (bucket) { _%>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startTestS3, type TestS3 } from "@<%= org %>/local/testing";
<%_ } _%>
import { createLogger } from "@<%= org %>/runtime";
<%_ if (bucket) { _%>
import { bucket } from "@<%= org %>/runtime/s3";
<%_ } _%>
import { <%- bucket ? "afterAll, beforeAll, " : "" %>describe, expect, it } from "vitest";
import { runJob } from "./job";

describe("<%= name %> job", () => {
<%_ if (bucket) { _%>
  // The local S3 endpoint nx serve uses, over a temporary folder.
  let s3: TestS3;
  const bucketName = "<%= name %>-test-bucket";
  beforeAll(async () => {
    s3 = await startTestS3([bucketName]);
    // What SST would inject on Lambda for the linked bucket (see sst-env.d.ts).
    process.env.SST_RESOURCE_Bucket = JSON.stringify({ name: bucketName });
  });
  afterAll(async () => {
    await s3.stop();
    delete process.env.SST_RESOURCE_Bucket;
  });

  it("writes its report to the bucket and logs what it did", async () => {
    const lines: string[] = [];
    const logger = createLogger({ service: "<%= name %>", write: (line) => lines.push(line) });
    const files = bucket("Bucket", { s3: s3.clientConfig });
    const now = new Date("2026-01-01T06:00:00.000Z");

    expect(await runJob(now, { logger, files })).toEqual({
      startedAt: "2026-01-01T06:00:00.000Z",
      report: "reports/2026-01-01T06:00:00.000Z.json",
    });
    const written = readFileSync(
      join(s3.folderOf(bucketName), "reports", "2026-01-01T06:00:00.000Z.json"),
      "utf8",
    );
    expect(JSON.parse(written)).toEqual({ startedAt: "2026-01-01T06:00:00.000Z" });
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({
        message: "job ran",
        report: "reports/2026-01-01T06:00:00.000Z.json",
      }),
    );
  });
<%_ } else { _%>
  it("runs and logs what it did", async () => {
    const lines: string[] = [];
    const logger = createLogger({ service: "<%= name %>", write: (line) => lines.push(line) });
    const now = new Date("2026-01-01T06:00:00.000Z");

    expect(await runJob(now, logger)).toEqual({ startedAt: "2026-01-01T06:00:00.000Z" });
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ message: "job ran", startedAt: "2026-01-01T06:00:00.000Z" }),
    );
  });
<%_ } _%>
});
