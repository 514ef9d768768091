---
to: "<%= database === 'postgres' ? `apps/${name}/src/migrate.ts` : null %>"
---
import { fileURLToPath } from "node:url";
import { migrationHandler } from "@<%= org %>/runtime/postgres";

/**
 * The Migrator function: applies the pending migrations in migrations/. It runs on every deploy
 * that changes them (infra/index.ts) and when `nx serve` starts.
 */
export const handler = migrationHandler({
  link: "Database",
  localFolder: fileURLToPath(new URL("../migrations", import.meta.url)),
});
