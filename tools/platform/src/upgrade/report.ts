import type { ServiceUpgrade } from "./service-upgrade";

const ORDER = ["conflict", "updated", "added", "deleted", "kept"] as const;

/** The report of one service's upgrade: one line per file, grouped by what happened. */
export function formatServiceReport(upgrade: ServiceUpgrade): string[] {
  const head =
    upgrade.from === upgrade.to && upgrade.files.length === 0
      ? `${upgrade.root}: already at template version ${upgrade.to}`
      : `${upgrade.root}: template ${upgrade.from} → ${upgrade.to}${upgrade.finished ? "" : " (not finished: conflicts remain)"}`;
  const lines = [head];
  for (const action of ORDER) {
    for (const file of upgrade.files.filter((candidate) => candidate.action === action)) {
      lines.push(`  ${action.padEnd(9)}${file.path}${file.note ? ` (${file.note})` : ""}`);
    }
  }
  for (const migration of upgrade.migrations) {
    for (const path of migration.changed) lines.push(`  migrated ${path} (${migration.migration})`);
    for (const { path, reason } of migration.skipped) {
      lines.push(`  skipped  ${path} (${migration.migration}: ${reason})`);
    }
  }
  return lines;
}

/**
 * What to do about the conflicts left (or, for a dry run, that the upgrade would leave), or
 * undefined when there are none.
 */
export function conflictSummary(
  upgrades: ServiceUpgrade[],
  org: string,
  dryRun = false,
): string | undefined {
  const open = upgrades.filter((upgrade) => !upgrade.finished);
  if (open.length === 0) return undefined;
  // Two services' conflicts in one shared file (CODEOWNERS) are one file to resolve.
  const files = [
    ...new Set(
      open.flatMap((upgrade) =>
        upgrade.files.filter((file) => file.action === "conflict").map((file) => `  ${file.path}`),
      ),
    ),
  ];
  const projects = open.map((upgrade) => upgrade.root.slice(upgrade.root.lastIndexOf("/") + 1));
  const count = `${files.length} ${files.length === 1 ? "file" : "files"}`;
  return [
    dryRun
      ? `The upgrade would leave conflicts in ${count} (--dry-run: nothing was written):`
      : `The upgrade left conflicts in ${count}:`,
    ...files,
    ...(dryRun
      ? [
          "To upgrade anyway, run it without --dry-run: it writes the merge with conflict markers in those files and exits 1.",
        ]
      : []),
    "To finish: in each file, keep what you want between the <<<<<<< yours, ||||||| template (base) and >>>>>>> template (new) markers and delete the markers; then run",
    `  npx nx g @${org}/platform:upgrade --projects ${projects.join(",")}`,
    `to record the new template version, and npx nx run-many -t template-check -p ${projects.join(" ")} to check.`,
  ].join("\n");
}
