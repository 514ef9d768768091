---
to: apps/<%= service %>/src/<%= fileBase %>.resource.test.ts
unless_exists: true
---
<%_ if (type === "bucket") { _%>
import { startTestS3, type TestS3 } from "@<%= org %>/local/testing";
import { bucket } from "@<%= org %>/runtime/s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("the <%= componentName %> bucket", () => {
  // The local S3 endpoint nx serve uses, over a temporary folder.
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3(["<%= service %>-test-<%= fileBase %>"]);
    // What SST would inject on Lambda for the link (see sst-env.d.ts).
    process.env.SST_RESOURCE_<%= componentName %> = JSON.stringify({
      name: "<%= service %>-test-<%= fileBase %>",
    });
  });
  afterAll(async () => {
    await s3.stop();
    delete process.env.SST_RESOURCE_<%= componentName %>;
  });

  it("stores an object and reads it back", async () => {
    const files = bucket("<%= componentName %>", { s3: s3.clientConfig });
    await files.put("hello.txt", "hello", "text/plain");
    const object = await files.get("hello.txt");
    expect(new TextDecoder().decode(object?.body)).toBe("hello");
  });
});
<%_ } else if (type === "postgres") { _%>
<%_ const [table, row] = kind === "http" ? ["items", '{ id: crypto.randomUUID(), name: "A thing" }'] : ["messages", '{ id: "message-1", body: { hello: "world" } }']; _%>
<%_ const columns = kind === "http" ? '"id", "name"' : '"id", "body"'; _%>
import { createTestDatabase, type TestDatabase } from "@<%= org %>/runtime/postgres/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "./database";

describe("the <%= componentName %> postgres", () => {
  // An embedded Postgres (PGlite) with migrations/ applied, as nx serve and the Migrator apply them.
  let database: TestDatabase<Database>;
  beforeAll(async () => {
    database = await createTestDatabase<Database>(new URL("../migrations", import.meta.url));
  }, 60_000);
  beforeEach(() => database.reset());
  afterAll(() => database.close());

  it("writes a row and reads it back", async () => {
    const row = <%- row %>;
    await database.db.insertInto("<%= table %>").values(row).execute();
    const rows = await database.db.selectFrom("<%= table %>").select([<%- columns %>]).execute();
    expect(rows).toEqual([row]);
  });
});
<%_ } else if (type === "table") { _%>
import { startTestDynamo, type TestDynamo } from "@<%= org %>/local/testing";
import { table } from "@<%= org %>/runtime/dynamo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("the <%= componentName %> table", () => {
  // The local DynamoDB nx serve uses (dynalite), in memory.
  let dynamo: TestDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo(["<%= service %>-test-<%= fileBase %>"]);
    // What SST would inject on Lambda for the link (see sst-env.d.ts).
    process.env.SST_RESOURCE_<%= componentName %> = JSON.stringify({
      name: "<%= service %>-test-<%= fileBase %>",
    });
  });
  afterAll(async () => {
    await dynamo.stop();
    delete process.env.SST_RESOURCE_<%= componentName %>;
  });

  it("stores an item and reads it back", async () => {
    const items = table("<%= componentName %>", { dynamo: dynamo.clientConfig });
    await items.put({ pk: "example#1", sk: "summary", total: 42 });
    expect(await items.get({ pk: "example#1", sk: "summary" })).toEqual({
      pk: "example#1",
      sk: "summary",
      total: 42,
    });
  });
});
<%_ } else if (type === "queue") { _%>
import { startTestQueue, type TestQueue } from "@<%= org %>/local/testing";
import { queue } from "@<%= org %>/runtime/sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("the <%= componentName %> queue", () => {
  // The local SQS endpoint nx serve uses, over a temporary store; nothing consumes it here.
  let sqs: TestQueue;
  beforeAll(async () => {
    sqs = await startTestQueue(["<%= componentName %>"]);
    // What SST would inject on Lambda for the link (see sst-env.d.ts).
    process.env.SST_RESOURCE_<%= componentName %> = JSON.stringify({
      url: sqs.urlOf("<%= componentName %>"),
    });
  });
  afterAll(async () => {
    await sqs.stop();
    delete process.env.SST_RESOURCE_<%= componentName %>;
  });

  it("sends a message and receives it back", async () => {
    const messages = queue("<%= componentName %>", { sqs: sqs.clientConfig });
    const messageId = await messages.send({ hello: "world" });
    const received = sqs.receive("<%= componentName %>");
    expect(received).toEqual([{ messageId, body: JSON.stringify({ hello: "world" }) }]);
  });
});
<%_ } else { _%>
import { resource } from "@<%= org %>/runtime";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

describe("the <%= componentName %> secret", () => {
  // How the value reaches the code: SST_RESOURCE_<%= componentName %>, which Lambda gets from the
  // link and nx serve fills from .local/secrets.json. That the secret is linked to the service's
  // functions is checked by infra/<%= fileBase %>.infra.test.ts.
  beforeEach(() => {
    process.env.SST_RESOURCE_<%= componentName %> = JSON.stringify({ value: "test-value" });
  });
  afterEach(() => {
    delete process.env.SST_RESOURCE_<%= componentName %>;
  });

  it("is read by the service's code through resource()", () => {
    expect(resource("<%= componentName %>").value).toBe("test-value");
  });
});
<%_ } _%>
