import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The parts of `nx affected --graph=stdout` the plan reads. */
export interface AffectedGraph {
  graph: {
    nodes: Record<string, { name: string; data: { root: string; tags?: string[] } }>;
    dependencies: Record<string, { source: string; target: string; type: string }[]>;
  };
  tasks: {
    tasks: Record<string, { id: string; target: { project: string; target: string } }>;
  };
}

/**
 * What Nx compares: two commits (Nx reads the diff itself, and compares the lockfile's packages
 * between them), or a list of files (Nx cannot compare the lockfile then: a listed lockfile
 * counts as a change to every package).
 */
export type AffectedSelection = { base: string; head: string } | { files: string[] };

function selectionArgs(changes: AffectedSelection): string[] {
  if ("base" in changes) return [`--base=${changes.base}`, `--head=${changes.head}`];
  const comma = changes.files.find((file) => file.includes(","));
  if (comma !== undefined) {
    throw new Error(
      `"${comma}" has a comma in its name, which nx affected --files cannot take. Rename the file.`,
    );
  }
  return [`--files=${changes.files.join(",")}`];
}

/**
 * Asks Nx which tasks the changed files reach. Nx 24 selects tasks, not whole projects: a task is
 * selected when one of its inputs (its own files, its dependencies' production files, the global
 * files it names) changed. The answer also carries the whole project graph.
 */
export function affectedGraph(
  workspace: string,
  targets: string[],
  changes: AffectedSelection,
): AffectedGraph {
  const args = [
    nxBin(workspace),
    "affected",
    "-t",
    ...targets,
    ...selectionArgs(changes),
    "--graph=stdout",
  ];
  const out = execFileSync(process.execPath, args, {
    cwd: workspace,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, NX_NO_CLOUD: "true", FORCE_COLOR: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Plugins may print before the JSON; the graph is the first object on its own line.
  const start = out.indexOf("{\n");
  return JSON.parse(out.slice(start)) as AffectedGraph;
}

/** The workspace's own Nx CLI script, as its package.json names it. */
export function nxBin(workspace: string): string {
  const pkg = join(workspace, "node_modules", "nx", "package.json");
  if (!existsSync(pkg)) {
    throw new Error(`Nx is not installed in ${workspace}. Run npm ci there first.`);
  }
  const { bin } = JSON.parse(readFileSync(pkg, "utf8")) as { bin: { nx: string } };
  return join(workspace, "node_modules", "nx", bin.nx);
}
