import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { join, relative } from "node:path";
import { layout } from "@acme/contract";

/** What a service's `.sst` links to in the shared install. */
export const SHARED_ENTRIES = ["platform", "provider-lock.json"] as const;

/** The service folders (`apps/<name>`) that hold an `sst.config.ts`. */
export function servicesWithSstConfig(root: string): string[] {
  const apps = join(root, layout.servicesDir);
  if (!existsSync(apps)) return [];
  return readdirSync(apps, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(apps, entry.name, "sst.config.ts")))
    .map((entry) => join(apps, entry.name));
}

/**
 * Points `serviceDir/.sst/{platform,provider-lock.json}` at the shared install, replacing a
 * private copy (which SST makes when it runs in a service before setup did). Returns what changed.
 */
export function linkService(serviceDir: string, sharedSstDir: string): string[] {
  const sstDir = join(serviceDir, ".sst");
  mkdirSync(sstDir, { recursive: true });
  const changed: string[] = [];
  for (const entry of SHARED_ENTRIES) {
    const link = join(sstDir, entry);
    const target = relative(sstDir, join(sharedSstDir, entry));
    const stat = lstatSync(link, { throwIfNoEntry: false });
    if (stat?.isSymbolicLink() && readlinkSync(link) === target) continue;
    if (stat) rmSync(link, { recursive: true, force: true });
    symlinkSync(target, link);
    changed.push(entry);
  }
  return changed;
}
