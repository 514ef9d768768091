import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** Where things live in a Shipyard workspace, relative to its root. */
export const layout = {
  /** Each service is a folder here with its own sst.config.ts (docs/adr/0001). */
  servicesDir: "apps",
  /** The project that holds the workspace's single SST platform install. */
  platformProjectRoot: "packages/infra",
  /** The SST platform, under the project above and linked from every service. */
  sstPlatformDir: ".sst/platform",
  /**
   * A service's reusable offline evaluations, one JSON file per stage (`<stage>.json`,
   * `<stage>.dev.json` under `--dev`), written by @acme/sst-offline and kept as the output of the
   * service's `evaluate` target; git-ignored with the rest of `.sst/`.
   */
  evaluationsDir: ".sst/offline",
  /** The service generator's templates, one folder per generator. */
  generatorsDir: "generators",
  /** A service's local-run data (`nx serve`), git-ignored. */
  localStateDir: ".local",
  codeowners: "CODEOWNERS",
} as const;

/** The extensions SST's Node runtime tries for a handler file, in its order. */
export const HANDLER_EXTENSIONS = [
  ".ts",
  ".tsx",
  ".mts",
  ".cts",
  ".js",
  ".jsx",
  ".mjs",
  ".cjs",
] as const;

/** The npm workspace root at or above `from` (the folder whose package.json has "workspaces"). */
export function findWorkspaceRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (declaresWorkspaces(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Like {@link findWorkspaceRoot}, for callers that cannot go on without a workspace. */
export function requireWorkspaceRoot(from: string): string {
  const root = findWorkspaceRoot(from);
  if (root === undefined) {
    throw new Error(
      `No npm workspace root (a package.json with "workspaces") at or above ${resolve(from)}. Run this inside a Shipyard workspace.`,
    );
  }
  return root;
}

function declaresWorkspaces(manifest: string): boolean {
  if (!existsSync(manifest)) return false;
  try {
    return JSON.parse(readFileSync(manifest, "utf8")).workspaces !== undefined;
  } catch {
    // An unreadable package.json is not the root's; keep walking up.
    return false;
  }
}
