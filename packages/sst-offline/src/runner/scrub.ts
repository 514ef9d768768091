/**
 * Machine paths out of the result: the evaluation's temp folder, the platform's real path and the
 * app's absolute path differ between machines and runs, so they are rewritten to what a real run
 * shows (`<root>/.sst/...`), which keeps results comparable and snapshots stable.
 */
import { join } from "node:path";

/** A path and what it reads as in the result. */
export type PathReplacement = readonly [from: string, to: string];

export interface MachinePaths {
  /** The app folder. */
  appDir: string;
  /** SST's work folder for this evaluation (a temp folder). */
  work: string;
  /** The platform's real path. */
  platformDir: string;
}

/**
 * The replacements, most specific first: the work folder reads as `<root>/.sst`, the platform as
 * `<root>/.sst/platform`, the app as `<root>`.
 */
export function machinePathReplacements({
  appDir,
  work,
  platformDir,
}: MachinePaths): PathReplacement[] {
  return [
    [work, join(appDir, ".sst")],
    [platformDir, join(appDir, ".sst", "platform")],
    [appDir, "<root>"],
  ];
}

/** Replaces the paths in every string of a JSON value (keys are left as they are). */
export function scrubPaths<T>(value: T, replacements: readonly PathReplacement[]): T {
  const scrub = (item: unknown): unknown => {
    if (typeof item === "string") {
      let text = item;
      for (const [from, to] of replacements) text = text.split(from).join(to);
      return text;
    }
    if (Array.isArray(item)) return item.map(scrub);
    if (item && typeof item === "object") {
      return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, scrub(entry)]));
    }
    return item;
  };
  return scrub(value) as T;
}
