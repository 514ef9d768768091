/**
 * `@acme/runtime/postgres`: a service's Postgres, through Kysely (typed SQL query builder) over
 * node-postgres, with one connection per Lambda container, and its schema migrations (`.sql`
 * files applied by Kysely's migrator). Why these libraries: docs/adr/0007-postgres-and-s3-clients.md.
 * Test helpers: `@acme/runtime/postgres/testing`.
 */
export {
  connectPostgres,
  createPool,
  databaseFromPool,
  type PostgresLink,
  poolConfig,
} from "./connect";
export { type MigrationHandlerOptions, migrationHandler } from "./migrate-handler";
export { MIGRATION_FILE, migrateToLatest, SqlFolderMigrations } from "./migrations";
export {
  type ColumnType,
  type Generated,
  type Insertable,
  Kysely,
  type Selectable,
  sql,
  type Updateable,
} from "kysely";
