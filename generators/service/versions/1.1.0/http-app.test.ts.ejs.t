---
to: "<%= kind === 'http' ? `apps/${name}/src/app.test.ts` : null %>"
---
<%_ const hooks = links.length > 0 ? ["afterEach", "beforeEach", "describe", "expect", "it"] : ["describe", "expect", "it"]; _%>
import { <%- hooks.join(", ") %> } from "vitest";
import { app } from "./app";

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("<%= name %> API", () => {
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
  });

  it("rejects an invalid item with a problem response", async () => {
    const response = await app.request("/items", json({ name: "" }));
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ title: "Invalid request" });
  });

  it("answers 404 for an unknown item", async () => {
    const response = await app.request("/items/nope");
    expect(response.status).toBe(404);
  });
});
