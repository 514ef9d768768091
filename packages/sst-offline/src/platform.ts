/**
 * Finding the SST platform install (component source, Pulumi and provider packages) that an app's
 * `sst.config.ts` is evaluated against, the way the SST CLI finds it: `<appDir>/.sst/platform`.
 * Services link that folder to the workspace's shared install; apps without one (test fixtures)
 * fall back to the shared install itself, where @acme/contract's layout puts it.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { join, resolve } from "node:path";
import { findWorkspaceRoot, layout } from "@acme/contract";

export const PLATFORM_NOT_INSTALLED =
  "SST platform is not installed: run `npm run setup` at the workspace root.";

/** The environment variable that points the evaluator at another platform install. */
export const PLATFORM_ENV = "SHIPYARD_SST_PLATFORM";

/** One entry of `.sst/provider-lock.json`: a provider the CLI imports as a global. */
export interface ProviderLockEntry {
  name: string;
  package: string;
  version?: string;
  alias: string;
}

export interface Platform {
  /** The platform folder (real path: symlinks resolved). */
  dir: string;
  /** The SST version it was installed for. */
  version: string;
  /** The entries of `provider-lock.json`. */
  providers: ProviderLockEntry[];
}

export interface ResolvePlatformOptions {
  platformDir?: string | undefined;
  env?: NodeJS.ProcessEnv;
}

/** Where the platform for `appDir` lives, or an error with {@link PLATFORM_NOT_INSTALLED}. */
export function resolvePlatform(appDir: string, options: ResolvePlatformOptions = {}): Platform {
  const env = options.env ?? process.env;
  const override = options.platformDir ?? env[PLATFORM_ENV];
  const candidates = override ? [resolve(appDir, override)] : defaultCandidates(appDir);
  const found = candidates.find((dir) => existsSync(join(dir, "version")));
  if (!found) throw new Error(PLATFORM_NOT_INSTALLED);
  const dir = realpathSync(found);
  return {
    dir,
    version: readFileSync(join(dir, "version"), "utf8").trim(),
    providers: readProviderLock([
      join(found, "..", "provider-lock.json"),
      join(dir, "..", "provider-lock.json"),
    ]),
  };
}

/** The app's own `.sst/platform`, then the workspace's shared install. */
function defaultCandidates(appDir: string): string[] {
  const candidates = [join(appDir, layout.sstPlatformDir)];
  const root = findWorkspaceRoot(appDir);
  if (root) candidates.push(join(root, layout.platformProjectRoot, layout.sstPlatformDir));
  return candidates;
}

/** The providers the CLI imports as globals. Without a lock file, SST's default for `home: "aws"`. */
function readProviderLock(files: string[]): ProviderLockEntry[] {
  const file = files.find((candidate) => existsSync(candidate));
  if (!file) return [{ name: "aws", package: "@pulumi/aws", alias: "aws" }];
  const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(parsed)) throw new Error(`${file} is not a list of providers.`);
  return parsed as ProviderLockEntry[];
}
