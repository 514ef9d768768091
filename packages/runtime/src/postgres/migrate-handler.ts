import { join } from "node:path";
import { connectPostgres } from "./connect";
import { migrateToLatest } from "./migrations";

export interface MigrationHandlerOptions {
  /** The link name of the database, e.g. `Database`. */
  link: string;
  /**
   * The migrations folder when running outside Lambda (nx serve), e.g.
   * `fileURLToPath(new URL("../migrations", import.meta.url))`. On Lambda it is
   * `$LAMBDA_TASK_ROOT/migrations`, where the infra's `copyFiles` puts it.
   */
  localFolder: string;
}

/**
 * The Lambda handler of a service's `Migrator` function: applies the pending migrations and
 * returns their names. The infra invokes it on every deploy that changes the migrations
 * (`aws.lambda.Invocation`), and `nx serve` invokes it at start. A failure fails the deploy.
 */
export function migrationHandler(options: MigrationHandlerOptions) {
  return async (): Promise<{ applied: string[] }> => {
    const taskRoot = process.env.LAMBDA_TASK_ROOT;
    const folder = taskRoot ? join(taskRoot, "migrations") : options.localFolder;
    const db = connectPostgres<unknown>(options.link);
    try {
      return { applied: await migrateToLatest(db, folder) };
    } finally {
      await db.destroy();
    }
  };
}
