import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import { type Migration, type MigrationProvider, Migrator } from "kysely/migration";

/** A migration file: `<sortable prefix>_<what it does>.sql`, e.g. `0001_create_items.sql`. */
export const MIGRATION_FILE = /^[0-9]+_[a-z0-9_]+\.sql$/;

/**
 * Kysely migrations from the `.sql` files of a folder, in file-name order. Each file runs as one
 * migration (in a transaction, as Kysely runs every migration on Postgres). Migrations go forward
 * only: to undo one, write the next.
 */
export class SqlFolderMigrations implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((file) => file.endsWith(".sql")).sort();
    const wrong = files.filter((file) => !MIGRATION_FILE.test(file));
    if (wrong.length > 0) {
      throw new Error(
        `Migration file names must be <number>_<snake_case>.sql, e.g. 0002_add_orders.sql: rename ${wrong.join(", ")} in ${this.folder}.`,
      );
    }
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const text = await readFile(join(this.folder, file), "utf8");
      migrations[file.replace(/\.sql$/, "")] = {
        // No parameters: node-postgres sends it as a simple query, so a file may hold many statements.
        up: async (db) => {
          await sql.raw(text).execute(db);
        },
      };
    }
    return migrations;
  }
}

/**
 * Applies the migrations in `folder` that the database has not had yet, in order, and returns
 * their names. Kysely records them in `kysely_migration` and holds a lock meanwhile, so two
 * concurrent runs (two deploys) do not apply one twice. Throws the first failure; the failed
 * migration is rolled back.
 */
export async function migrateToLatest<Schema>(
  db: Kysely<Schema>,
  folder: string,
): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new SqlFolderMigrations(folder) });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === "Error")?.migrationName;
    const cause = error instanceof Error ? error.message : String(error);
    throw new Error(
      `Migration ${failed ?? "(before any ran)"} failed: ${cause}. Fix the migration file (applied ones must not change) and run the migrations again.`,
      { cause: error },
    );
  }
  return results.filter((result) => result.status === "Success").map((r) => r.migrationName);
}
