import { components } from "@acme/contract";
import type { ServiceModel } from "./model";

/**
 * Runs the service's `Migrator` function (the templates' `--database postgres` creates it; the
 * infra invokes it on deploy) once, before the service takes requests, so the local database has
 * the schema of migrations/*.sql. Without such a function, nothing runs. A failing migration stops
 * serve with its message.
 */
export async function runMigrations(
  model: ServiceModel,
  invoke: (functionId: string, event: unknown) => Promise<unknown>,
  log: (line: string) => void,
): Promise<void> {
  if (!model.functions.some((fn) => fn.id === components.migrator)) return;
  const result = (await invoke(components.migrator, {})) as { applied?: string[] } | undefined;
  const applied = result?.applied ?? [];
  log(
    applied.length > 0
      ? `Migrations applied: ${applied.join(", ")}.`
      : "Migrations: the database is up to date.",
  );
}
