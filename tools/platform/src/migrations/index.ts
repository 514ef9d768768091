import { compareVersions } from "../upgrade/template-config";
import { readmeProvenanceLinks } from "./1.1.0/readme-provenance-links/migration";
import type { Migration } from "./migration";

export type { Migration, MigrationResult, MigrationService } from "./migration";

/**
 * Every migration, one folder each: `<version>/<name>/` with `migration.ts`, its test and a
 * README.md saying why. `registry.test.ts` checks that each folder is listed here.
 */
export const migrations: readonly Migration[] = [readmeProvenanceLinks];

/** The migrations an upgrade from `from` to `to` runs, in version order (then by name). */
export function migrationsBetween(
  from: string,
  to: string,
  all: readonly Migration[] = migrations,
): Migration[] {
  return all
    .filter((m) => compareVersions(m.version, from) > 0 && compareVersions(m.version, to) <= 0)
    .sort((a, b) => compareVersions(a.version, b.version) || a.name.localeCompare(b.name));
}
