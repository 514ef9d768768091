import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * Where local runs keep their data, all under `apps/<service>/.local/` (git-ignored at the root).
 * `secrets.json` is the user's and survives `--clean`; everything else is data `--clean` wipes.
 */
export function localPaths(appDir: string) {
  const root = join(appDir, ".local");
  return {
    root,
    secrets: join(root, "secrets.json"),
    postgres: join(root, "postgres"),
    buckets: join(root, "buckets"),
    /** The DynamoDB stand-in's tables (dynalite's LevelDB files). */
    dynamo: join(root, "dynamo"),
    queues: join(root, "queues"),
    cron: join(root, "cron"),
    /** Who holds the lock and where it listens, for `shipyard-serve send`; removed on exit. */
    state: join(root, "serve.json"),
    /** Held (an exclusive SQLite lock) by the one serve that uses this folder. */
    lock: join(root, "serve.lock"),
  };
}

export type LocalPaths = ReturnType<typeof localPaths>;

/** Removes the data of earlier local runs, keeping `secrets.json`. */
export function cleanLocalData(paths: LocalPaths): void {
  for (const dir of [paths.postgres, paths.buckets, paths.dynamo, paths.queues, paths.cron]) {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
