import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { findWorkspaceRoot } from "@acme/contract";
import { watch } from "chokidar";

/** Reloads the handlers when the service's code changes, and says how it went. */
export function reloadOnChange(
  appDir: string,
  handlers: { reload: () => Promise<number> },
  log: (line: string) => void,
): Promise<() => Promise<void>> {
  return watchServiceCode(appDir, async (files) => {
    const started = Date.now();
    const broken = await handlers.reload();
    log(
      broken
        ? `↻ ${files.join(", ")} changed: ${broken} handler(s) failed to load (see above); fix and save again.`
        : `↻ reloaded handlers in ${Date.now() - started} ms (${files.join(", ")} changed)`,
    );
  });
}

/** Folders never watched: dependencies, serve's data, SST's and build output. */
const IGNORED = /(^|[/\\])(node_modules|\.local|\.sst|dist)([/\\]|$)/;

/**
 * Calls `onChange` with the changed files (relative to `appDir`) when code changes in the
 * service's `src/` or in a workspace package it depends on, once per burst of saves (100 ms).
 * Resolves when the watcher is ready; returns how to stop it.
 */
export async function watchServiceCode(
  appDir: string,
  onChange: (files: string[]) => Promise<void>,
): Promise<() => Promise<void>> {
  const watcher = watch(watchedFolders(appDir), {
    ignoreInitial: true,
    ignored: (path) => IGNORED.test(path),
  });
  let pending: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  watcher.on("all", (_event, path) => {
    changed.add(relative(appDir, path));
    if (pending) clearTimeout(pending);
    pending = setTimeout(() => {
      const files = [...changed];
      changed.clear();
      void onChange(files);
    }, 100);
  });
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return async () => {
    if (pending) clearTimeout(pending);
    await watcher.close();
  };
}

/** The service's `src` and the source of every workspace package it depends on (transitively). */
export function watchedFolders(appDir: string): string[] {
  const sourceOf = (dir: string) => (existsSync(join(dir, "src")) ? join(dir, "src") : dir);
  const folders = new Set<string>([sourceOf(appDir)]);
  const root = findWorkspaceRoot(appDir);
  if (!root) return [...folders];
  const workspaces = workspacePackages(root);
  const seen = new Set<string>();
  const visit = (dir: string) => {
    const pkg = readJson(join(dir, "package.json")) as Record<
      string,
      Record<string, string> | undefined
    >;
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
      const found = workspaces.get(name);
      if (!found || seen.has(name)) continue;
      seen.add(name);
      folders.add(sourceOf(found));
      visit(found);
    }
  };
  visit(appDir);
  return [...folders];
}

/** Package name → folder, for the workspaces the root package.json lists. */
function workspacePackages(root: string): Map<string, string> {
  const workspaces = new Map<string, string>();
  const manifest = readJson(join(root, "package.json")) as { workspaces?: string[] };
  for (const pattern of manifest.workspaces ?? []) {
    const dir = join(root, pattern.replace(/\/\*$/, ""));
    if (!existsSync(dir)) continue;
    const entries = pattern.endsWith("/*")
      ? readdirSync(dir).map((entry) => join(dir, entry))
      : [dir];
    for (const entry of entries) {
      const pkg = join(entry, "package.json");
      if (existsSync(pkg)) workspaces.set((readJson(pkg) as { name: string }).name, entry);
    }
  }
  return workspaces;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}
