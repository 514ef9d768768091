---
to: "<%= kind === 'worker' ? `apps/${name}/src/consumer.test.ts` : null %>"
---
<%_ const postgres = database === "postgres"; _%>
<%_ const hooks = [...(links.length > 0 ? ["afterAll", "beforeAll"] : []), ...(postgres ? ["beforeEach"] : []), "describe", "expect", "it"]; _%>
<%_ if (bucket) { _%>
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startTestS3, type TestS3 } from "@<%= org %>/local/testing";
<%_ } _%>
<%_ if (postgres) { _%>
import { createTestDatabase, type TestDatabase } from "@<%= org %>/runtime/postgres/testing";
<%_ } _%>
<%_ if (bucket) { _%>
import { bucket } from "@<%= org %>/runtime/s3";
<%_ } _%>
import { lambdaContext, sqsEvent, sqsRecord } from "@<%= org %>/runtime/testing";
import { <%- hooks.join(", ") %> } from "vitest";
import { createConsumer } from "./consumer";
<%_ if (postgres) { _%>
import type { Database } from "./database";
<%_ } _%>

describe("<%= name %> consumer", () => {
<%_ if (postgres) { _%>
  // An embedded Postgres (PGlite) with migrations/ applied; every test starts from empty tables.
  let database: TestDatabase<Database>;
<%_ } _%>
<%_ if (bucket) { _%>
  // The local S3 endpoint nx serve uses, over a temporary folder.
  let s3: TestS3;
  const bucketName = "<%= name %>-test-bucket";
<%_ } _%>
<%_ if (links.length > 0) { _%>
  let handler: ReturnType<typeof createConsumer>;
  beforeAll(async () => {
<%_ if (postgres) { _%>
    database = await createTestDatabase<Database>(new URL("../migrations", import.meta.url));
<%_ } _%>
<%_ if (bucket) { _%>
    s3 = await startTestS3([bucketName]);
    // What SST would inject on Lambda for the linked bucket (see sst-env.d.ts).
    process.env.SST_RESOURCE_Bucket = JSON.stringify({ name: bucketName });
<%_ } _%>
    handler = createConsumer({
<%_ if (postgres) { _%>
      db: database.db,
<%_ } _%>
<%_ if (bucket) { _%>
      files: bucket("Bucket", { s3: s3.clientConfig }),
<%_ } _%>
    });
  }, 60_000);
<%_ if (postgres) { _%>
  beforeEach(() => database.reset());
<%_ } _%>
  afterAll(async () => {
<%_ if (postgres) { _%>
    await database.close();
<%_ } _%>
<%_ if (bucket) { _%>
    await s3.stop();
    delete process.env.SST_RESOURCE_Bucket;
<%_ } _%>
  });
<%_ } else { _%>
  const handler = createConsumer();
<%_ } _%>

  it("acknowledges good messages", async () => {
    const event = sqsEvent([sqsRecord({ messageId: "m1", body: { id: "42" } })]);
    expect(await handler(event, lambdaContext())).toEqual({ batchItemFailures: [] });
<%_ if (postgres) { _%>
    expect(await database.db.selectFrom("messages").select(["id", "body"]).execute()).toEqual([
      { id: "42", body: { id: "42" } },
    ]);
<%_ } _%>
<%_ if (bucket) { _%>
    expect(readFileSync(join(s3.folderOf(bucketName), "messages", "42.json"), "utf8")).toBe(
      '{"id":"42"}',
    );
<%_ } _%>
  });
<%_ if (postgres) { _%>

  it("stores a message delivered twice once", async () => {
    const first = sqsEvent([sqsRecord({ messageId: "m1", body: { id: "7" } })]);
    const again = sqsEvent([
      sqsRecord({ messageId: "m1", body: { id: "7" } }),
      sqsRecord({ messageId: "m2", body: { id: "7" } }),
    ]);
    expect(await handler(first, lambdaContext())).toEqual({ batchItemFailures: [] });
    expect(await handler(again, lambdaContext())).toEqual({ batchItemFailures: [] });
    const rows = await database.db.selectFrom("messages").select("id").execute();
    expect(rows).toEqual([{ id: "7" }]);
  });
<%_ } _%>

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
