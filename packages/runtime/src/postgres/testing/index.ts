import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { createPgConfig } from "@electric-sql/pglite/node-postgres";
import { type Kysely, sql } from "kysely";
import { createPool, databaseFromPool } from "../connect";
import { migrateToLatest } from "../migrations";

export interface TestDatabase<Schema> {
  /** The database, through the same Kysely and node-postgres code as on Lambda. */
  db: Kysely<Schema>;
  /** Empties every table the migrations created: call it before each test. */
  reset: () => Promise<void>;
  /** Closes the database: call it after all tests. */
  close: () => Promise<void>;
}

/**
 * An embedded Postgres (PGlite, in this process, in memory) with the service's migrations
 * applied, reached through node-postgres as on Lambda. Create one per test file (`beforeAll`)
 * and `reset()` it before each test, so every test starts from empty tables.
 *
 * @example
 * ```ts
 * const database = await createTestDatabase<Database>(new URL("../migrations", import.meta.url));
 * beforeEach(() => database.reset());
 * afterAll(() => database.close());
 * ```
 */
export async function createTestDatabase<Schema>(
  migrations: string | { href: string },
): Promise<TestDatabase<Schema>> {
  // A file URL (`new URL("../migrations", import.meta.url)`) or a path.
  const folder = typeof migrations === "string" ? migrations : fileURLToPath(migrations.href);
  const pglite = await PGlite.create();
  const db = databaseFromPool<Schema>(createPool(createPgConfig(pglite)));
  await migrateToLatest(db, folder);
  return {
    db,
    reset: async () => {
      const { rows } = await sql<{ name: string }>`
        select quote_ident(tablename) as name from pg_tables
        where schemaname = 'public' and tablename not like 'kysely_migration%'`.execute(db);
      if (rows.length === 0) return;
      await sql
        .raw(`truncate ${rows.map((row) => row.name).join(", ")} restart identity cascade`)
        .execute(db);
    },
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
