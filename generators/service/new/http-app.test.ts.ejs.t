---
to: "<%= kind === 'http' ? `apps/${name}/src/app.test.ts` : null %>"
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
import { <%- hooks.join(", ") %> } from "vitest";
import { createApp } from "./app";
<%_ if (postgres) { _%>
import type { Database } from "./database";
<%_ } _%>

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("<%= name %> API", () => {
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
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
<%_ if (postgres) { _%>
    database = await createTestDatabase<Database>(new URL("../migrations", import.meta.url));
<%_ } _%>
<%_ if (bucket) { _%>
    s3 = await startTestS3([bucketName]);
    // What SST would inject on Lambda for the linked bucket (see sst-env.d.ts).
    process.env.SST_RESOURCE_Bucket = JSON.stringify({ name: bucketName });
<%_ } _%>
    app = createApp({
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
  const app = createApp();
<%_ } _%>

  it("answers the health check", async () => {
    const response = await app.request("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", service: "<%= name %>" });
  });

  it("creates an item and reads it back", async () => {
    const created = await app.request("/items", json({ name: " A thing " }));
    expect(created.status).toBe(201);
    const item = (await created.json()) as { id: string; name: string };
    expect(item.name).toBe("A thing");

    const read = await app.request(`/items/${item.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(item);
<%_ if (postgres) { _%>
    expect(await database.db.selectFrom("items").select(["id", "name"]).execute()).toEqual([item]);
<%_ } _%>
  });

  it("rejects an invalid item with a problem response", async () => {
    const response = await app.request("/items", json({ name: "" }));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ title: "Invalid request" });
  });

  it("answers 404 for an unknown item", async () => {
    expect((await app.request("/items/nope")).status).toBe(404);
    expect((await app.request(`/items/${crypto.randomUUID()}`)).status).toBe(404);
  });
<%_ if (bucket) { _%>

  it("stores a file in the bucket and reads it back", async () => {
    const stored = await app.request("/files/hello.txt", {
      method: "PUT",
      headers: { "content-type": "text/plain" },
      body: "hello",
    });
    expect(stored.status).toBe(204);
    expect(readFileSync(join(s3.folderOf(bucketName), "files", "hello.txt"), "utf8")).toBe("hello");

    const read = await app.request("/files/hello.txt");
    expect(read.status).toBe(200);
    expect(read.headers.get("content-type")).toBe("text/plain");
    expect(await read.text()).toBe("hello");
  });

  it("answers 404 for a missing file and 400 for a bad key", async () => {
    expect((await app.request("/files/missing.txt")).status).toBe(404);
    expect((await app.request("/files/a%20b", { method: "PUT", body: "x" })).status).toBe(400);
  });
<%_ } _%>
});
