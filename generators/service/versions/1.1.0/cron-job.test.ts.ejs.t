---
to: "<%= kind === 'cron' ? `apps/${name}/src/job.test.ts` : null %>"
---
import { createLogger } from "@<%= org %>/runtime";
import { <%- bucket ? "afterEach, beforeEach, " : "" %>describe, expect, it } from "vitest";
import { runJob } from "./job";

describe("<%= name %> job", () => {
<%_ if (bucket) { _%>
  // What SST would inject on Lambda for the linked bucket (see sst-env.d.ts).
  beforeEach(() => {
    process.env.SST_RESOURCE_Bucket = JSON.stringify({ name: "<%= name %>-test-bucket" });
  });
  afterEach(() => {
    delete process.env.SST_RESOURCE_Bucket;
  });

<%_ } _%>
  it("runs and logs what it did", async () => {
    const lines: string[] = [];
    const logger = createLogger({ service: "<%= name %>", write: (line) => lines.push(line) });
    const now = new Date("2026-01-01T06:00:00.000Z");

    expect(await runJob(now, logger)).toEqual({ startedAt: "2026-01-01T06:00:00.000Z" });
    expect(lines.map((line) => JSON.parse(line))).toContainEqual(
      expect.objectContaining({ message: "job ran", startedAt: "2026-01-01T06:00:00.000Z" }),
    );
  });
});
