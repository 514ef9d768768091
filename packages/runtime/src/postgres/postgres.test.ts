import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { type Generated, sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createPool, databaseFromPool, migrateToLatest, poolConfig } from "./index";
import { createTestDatabase, type TestDatabase } from "./testing";

interface Schema {
  notes: { id: string; body: string; created_at: Generated<Date> };
}

const fixtures = new URL("./__fixtures__/migrations", import.meta.url);

describe("poolConfig", () => {
  const link = { host: "db.internal", port: 5432, username: "u", password: "p", database: "d" };

  it("keeps one connection per Lambda container and uses TLS on RDS", () => {
    expect(poolConfig(link)).toMatchObject({ max: 1, ssl: { rejectUnauthorized: false } });
  });

  it("connects without TLS to a local server", () => {
    expect(poolConfig({ ...link, host: "127.0.0.1" }).ssl).toBe(false);
  });
});

// PGlite starts in 1 to 9 s on a busy 2-core machine.
const PGLITE_TIMEOUT = 60_000;

describe("migrateToLatest", () => {
  const scratch = mkdtempSync(join(tmpdir(), "migrations-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it(
    "applies pending migrations once, in order",
    async () => {
      const pglite = await PGlite.create();
      const db = databaseFromPool<Schema>(createPool(createPgConfig(pglite)));
      try {
        const folder = join(scratch, "ok");
        rmSync(folder, { recursive: true, force: true });
        mkdirSync(folder);
        writeFileSync(join(folder, "0001_a.sql"), "create table a (id int);");
        expect(await migrateToLatest(db, folder)).toEqual(["0001_a"]);
        writeFileSync(
          join(folder, "0002_b.sql"),
          "create table b (id int); insert into b values (1);",
        );
        expect(await migrateToLatest(db, folder)).toEqual(["0002_b"]);
        expect(await migrateToLatest(db, folder)).toEqual([]);
        const { rows } = await sql<{ id: number }>`select id from b`.execute(db);
        expect(rows).toEqual([{ id: 1 }]);
      } finally {
        await db.destroy();
        await pglite.close();
      }
    },
    PGLITE_TIMEOUT,
  );

  it(
    "rolls a failing migration back and names it",
    async () => {
      const pglite = await PGlite.create();
      const db = databaseFromPool<Schema>(createPool(createPgConfig(pglite)));
      try {
        const folder = join(scratch, "bad");
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, "0001_bad.sql"), "create table c (id int); select nope;");
        await expect(migrateToLatest(db, folder)).rejects.toThrow(/Migration 0001_bad failed/);
        const { rows } = await sql`select 1 from pg_tables where tablename = 'c'`.execute(db);
        expect(rows).toEqual([]);
      } finally {
        await db.destroy();
        await pglite.close();
      }
    },
    PGLITE_TIMEOUT,
  );

  it(
    "refuses a file name it cannot order",
    async () => {
      const folder = join(scratch, "names");
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, "add-things.sql"), "select 1;");
      const pglite = await PGlite.create();
      const db = databaseFromPool<Schema>(createPool(createPgConfig(pglite)));
      try {
        await expect(migrateToLatest(db, folder)).rejects.toThrow(/rename add-things.sql/);
      } finally {
        await db.destroy();
        await pglite.close();
      }
    },
    PGLITE_TIMEOUT,
  );
});

describe("createTestDatabase", () => {
  let database: TestDatabase<Schema>;
  beforeAll(async () => {
    database = await createTestDatabase<Schema>(fixtures);
  }, 60_000);
  beforeEach(() => database.reset());
  afterAll(() => database.close());

  it("has the migrations applied", async () => {
    await database.db.insertInto("notes").values({ id: "1", body: "hello" }).execute();
    const note = await database.db.selectFrom("notes").selectAll().executeTakeFirstOrThrow();
    expect(note).toMatchObject({ id: "1", body: "hello" });
    expect(note.created_at).toBeInstanceOf(Date);
  });

  it("starts each test from empty tables", async () => {
    expect(await database.db.selectFrom("notes").selectAll().execute()).toEqual([]);
    await database.db.insertInto("notes").values({ id: "1", body: "again" }).execute();
  });
});
