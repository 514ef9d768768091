---
to: "<%= kind === 'worker' ? `apps/${name}/src/consumer.test.ts` : null %>"
---
import { lambdaContext, sqsEvent, sqsRecord } from "@<%= org %>/runtime/testing";
import { <%- links.length > 0 ? "afterEach, beforeEach, " : "" %>describe, expect, it } from "vitest";
import { handler } from "./consumer";

describe("<%= name %> consumer", () => {
<%_ if (links.length > 0) { _%>
  // What SST would inject on Lambda for the linked resources (see sst-env.d.ts).
  beforeEach(() => {
<%_ if (bucket) { _%>
    process.env.SST_RESOURCE_Bucket = JSON.stringify({ name: "<%= name %>-test-bucket" });
<%_ } _%>
<%_ if (database === "postgres") { _%>
    process.env.SST_RESOURCE_Database = JSON.stringify({
      database: "<%= h.changeCase.snake(name) %>",
      host: "localhost",
      password: "postgres",
      port: 5432,
      username: "postgres",
    });
<%_ } _%>
  });
  afterEach(() => {
<%_ if (bucket) { _%>
    delete process.env.SST_RESOURCE_Bucket;
<%_ } _%>
<%_ if (database === "postgres") { _%>
    delete process.env.SST_RESOURCE_Database;
<%_ } _%>
  });

<%_ } _%>
  it("acknowledges good messages", async () => {
    const event = sqsEvent([sqsRecord({ messageId: "m1", body: { id: "42" } })]);
    expect(await handler(event, lambdaContext())).toEqual({ batchItemFailures: [] });
  });

  it("reports only the bad message of a batch as failed", async () => {
    const event = sqsEvent([
      sqsRecord({ messageId: "good", body: { id: "42" } }),
      sqsRecord({ messageId: "bad", body: { id: "" } }),
      sqsRecord({ messageId: "not-json", body: "{" }),
    ]);
    expect(await handler(event, lambdaContext())).toEqual({
      batchItemFailures: [{ itemIdentifier: "bad" }, { itemIdentifier: "not-json" }],
    });
  });
});
