/**
 * What makes two evaluations of the same input byte-identical: SST's platform source draws random
 * suffixes (`naming.ts`, step functions) and reads the clock; the bundle step rewrites those calls
 * (see bundle.ts) to the deterministic stand-ins below, kept on a global the rewritten code reads.
 */
import { join } from "node:path";
import { stableHash } from "./mocks.js";

/** The constant `Date.now()` of the platform source: 2024-01-01T00:00:00Z. */
export const FIXED_NOW = 1704067200000;

/** The global the rewritten platform code reads (`globalThis.__sstOffline`). */
export const OFFLINE_GLOBAL = "__sstOffline";

/** A text patch applied to one platform file, found by its path suffix. */
export interface PlatformPatch {
  file: string;
  from: string;
  to: string;
}

/**
 * Patches of platform files. Each must match: a platform upgrade that changes the patched code
 * fails loudly instead of turning the output random again.
 */
export const PLATFORM_PATCHES: readonly PlatformPatch[] = [
  {
    // The random 8-byte suffix of physical names becomes a hash of the name.
    file: join("src", "components", "naming.ts"),
    from: 'crypto.randomBytes(8).toString("hex")',
    to: 'crypto.createHash("sha256").update(["sst-offline", main, suffix].join(":")).digest("hex").slice(0, 16)',
  },
  {
    file: join("src", "components", "aws", "step-functions", "state.ts"),
    from: 'randomBytes(16).toString("hex")',
    to: `globalThis.${OFFLINE_GLOBAL}.randomHex(16)`,
  },
];

/** The file whose patch proves the platform layout is the one the patches were written for. */
export const REQUIRED_PATCH = PLATFORM_PATCHES[0] as PlatformPatch;

/** The clock reads of the platform source (timestamps in triggers and versions). */
export const CLOCK_READ = "Date.now()";

/** Whether a platform file needs {@link patchPlatformFile} (a patch target or a clock read). */
export function needsPatching(path: string, contents: string): boolean {
  return (
    contents.includes(CLOCK_READ) || PLATFORM_PATCHES.some((patch) => path.endsWith(patch.file))
  );
}

/**
 * The platform file `path` with its random and clock reads made deterministic; `applied` lists the
 * patches used. Throws, naming the file and the platform version, when a patch no longer matches.
 */
export function patchPlatformFile(
  path: string,
  contents: string,
  platformVersion: string,
): { contents: string; applied: string[] } {
  const applied: string[] = [];
  let patched = contents;
  for (const patch of PLATFORM_PATCHES.filter((candidate) => path.endsWith(candidate.file))) {
    if (!patched.includes(patch.from)) {
      throw new Error(
        `sst-offline cannot patch ${patch.file} for deterministic output: "${patch.from}" is not in it (SST ${platformVersion}). Update PLATFORM_PATCHES in packages/sst-offline/src/runner/determinism.ts.`,
      );
    }
    patched = patched.replaceAll(patch.from, patch.to);
    applied.push(patch.file);
  }
  patched = patched.replaceAll(CLOCK_READ, `globalThis.${OFFLINE_GLOBAL}.now()`);
  return { contents: patched, applied };
}

/** What the rewritten platform code and the bundled program read at run time. */
export interface OfflineGlobals {
  /** The completed `app()` result: `$app` (set once `app({ stage })` has run). */
  app: unknown;
  now: () => number;
  /** `bytes` random bytes as hex: a hash of a counter, so the sequence repeats run after run. */
  randomHex: (bytes: number) => string;
}

/** Installs {@link OfflineGlobals} on `globalThis` and returns it. */
export function installOfflineGlobals(target: object = globalThis): OfflineGlobals {
  let counter = 0;
  const globals: OfflineGlobals = {
    app: undefined,
    now: () => FIXED_NOW,
    randomHex: (bytes) => stableHash(`random:${counter++}`, bytes * 2),
  };
  Object.assign(target, { [OFFLINE_GLOBAL]: globals });
  return globals;
}
