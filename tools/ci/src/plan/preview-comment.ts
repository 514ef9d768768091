import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DeployTarget } from "./plan.ts";

const MARKER = /<!-- shipyard-preview services: (\[.*?\]) -->/;

/** What a deploy job records (`deploy.yml`): the service, and SST's outputs (`.sst/outputs.json`). */
export interface DeployRecord extends DeployTarget {
  outputs: Record<string, unknown>;
}

/**
 * The pull request comment for a preview stage: each deployed service's URL outputs, and (hidden)
 * every service the pull request has deployed so far, so that closing it removes them all, also
 * those a later push no longer touched. `recordsDir` holds one {@link DeployRecord} per `*.json`.
 */
export function previewComment(stage: string, recordsDir: string, previousComment: string): string {
  const deployed = readRecords(recordsDir);
  const byProject = new Map<string, DeployTarget>();
  for (const target of [...previewServices(previousComment), ...deployed]) {
    byProject.set(target.project, { project: target.project, root: target.root });
  }
  const all = [...byProject.values()].sort((a, b) => a.project.localeCompare(b.project));
  const rows = deployed.flatMap(({ project, outputs }) => {
    const urls = Object.entries(outputs).filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === "string" && /^https?:\/\//.test(entry[1]),
    );
    return urls.length > 0
      ? urls.map(([name, url]) => `| ${project} | ${name} | ${url} |`)
      : [`| ${project} | | (no URL outputs) |`];
  });
  return [
    `### Preview stage \`${stage}\``,
    "",
    deployed.length > 0
      ? "| Service | Output | URL |\n| --- | --- | --- |"
      : "This push deployed no service.",
    ...rows,
    "",
    `Removed when the pull request closes: ${all.length > 0 ? all.map((t) => t.project).join(", ") : "nothing"}.`,
    `<!-- shipyard-preview services: ${JSON.stringify(all)} -->`,
    "",
  ].join("\n");
}

/** The services a preview comment says were deployed, for removal when the pull request closes. */
export function previewServices(comment: string): DeployTarget[] {
  const match = MARKER.exec(comment);
  if (!match) return [];
  const parsed = JSON.parse(match[1] as string) as unknown;
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (entry): entry is DeployTarget =>
      typeof entry?.project === "string" && typeof entry?.root === "string",
  );
}

function readRecords(dir: string): DeployRecord[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .map((file) => JSON.parse(readFileSync(join(dir, file), "utf8")) as DeployRecord)
    .sort((a, b) => a.project.localeCompare(b.project));
}
