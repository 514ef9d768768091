import { isDeepStrictEqual } from "node:util";

export const LOCKFILE = "package-lock.json";

interface Lockfile {
  packages?: Record<string, { link?: boolean; dependencies?: unknown; devDependencies?: unknown }>;
}

/**
 * Whether a package-lock.json change only adds, changes or removes the workspace's own packages
 * (a service generated or deleted), and no version of anything installed from the registry.
 */
export function lockfileTouchesOnlyWorkspaces(
  before: string | undefined,
  after: string | undefined,
): boolean {
  if (before === undefined || after === undefined) return false;
  const old = (JSON.parse(before) as Lockfile).packages ?? {};
  const now = (JSON.parse(after) as Lockfile).packages ?? {};
  for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
    if (isDeepStrictEqual(old[key], now[key])) continue;
    const entry = now[key];
    if (entry === undefined) continue; // Removed: nothing left can use it.
    if (key === "") {
      // The root entry: only its list of workspace folders may move.
      const { dependencies, devDependencies } = old[key] ?? {};
      if (!isDeepStrictEqual(dependencies, entry.dependencies)) return false;
      if (!isDeepStrictEqual(devDependencies, entry.devDependencies)) return false;
      continue;
    }
    const isWorkspaceFolder = !key.includes("node_modules/");
    if (!(entry.link === true || isWorkspaceFolder)) return false;
  }
  return true;
}
