import { components } from "@acme/contract";
import type { Invocation } from "./functions";
import type { ServiceModel } from "./model";

/**
 * Runs the service's `Migrator` function (the templates' `--database postgres` creates it; the
 * infra invokes it on deploy) once, before the service takes requests, so the local database has
 * the schema of migrations/*.sql. Without such a function, nothing runs. A failing migration stops
 * serve with its message.
 */
export async function runMigrations(
  model: ServiceModel,
  invoke: (functionId: string, event: unknown) => Promise<Invocation>,
  log: (line: string) => void,
): Promise<void> {
  if (!model.functions.some((fn) => fn.id === components.migrator)) return;
  const { value } = await invoke(components.migrator, {});
  const applied = (value as { applied?: string[] } | undefined)?.applied ?? [];
  log(
    applied.length > 0
      ? `Migrations applied: ${applied.join(", ")}.`
      : "Migrations: the database is up to date.",
  );
}
