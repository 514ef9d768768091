import { createTestDatabase, type TestDatabase } from "@acme/runtime/postgres/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "./app";
import type { Database } from "./database";

const json = (body: unknown) => ({
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("orders API", () => {
  // An embedded Postgres (PGlite) with migrations/ applied; every test starts from empty tables.
  let database: TestDatabase<Database>;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    database = await createTestDatabase<Database>(new URL("../migrations", import.meta.url));
    app = createApp({
      db: database.db,
    });
  }, 60_000);
  beforeEach(() => database.reset());
  afterAll(async () => {
    await database.close();
  });

  it("answers the health check", async () => {
    const response = await app.request("/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", service: "orders" });
  });

  it("creates an item and reads it back", async () => {
    const created = await app.request("/items", json({ name: " A thing " }));
    expect(created.status).toBe(201);
    const item = (await created.json()) as { id: string; name: string };
    expect(item.name).toBe("A thing");

    const read = await app.request(`/items/${item.id}`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(item);
    expect(await database.db.selectFrom("items").select(["id", "name"]).execute()).toEqual([item]);
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
});
