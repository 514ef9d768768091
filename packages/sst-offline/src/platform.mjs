// @ts-check
/**
 * Finding the SST platform install (component source, Pulumi and provider packages) that an app's
 * `sst.config.ts` is evaluated against, the way the SST CLI finds it: `<appDir>/.sst/platform`.
 * Services link that folder to the workspace's shared install; apps without one (test fixtures)
 * fall back to `<workspaceRoot>/packages/infra/.sst/platform`.
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export const PLATFORM_NOT_INSTALLED =
  "SST platform is not installed: run `npm run setup` at the workspace root.";

/** The environment variable that points the evaluator at another platform install. */
export const PLATFORM_ENV = "SHIPYARD_SST_PLATFORM";

/**
 * The npm workspace root above `from` (the folder whose package.json has "workspaces").
 * @param {string} from
 * @returns {string | undefined}
 */
export function findWorkspaceRoot(from) {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if (JSON.parse(readFileSync(manifest, "utf8")).workspaces) return dir;
      } catch {
        // An unreadable package.json is not the workspace root: keep walking up.
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * @typedef {object} ProviderLockEntry
 * @property {string} name
 * @property {string} package
 * @property {string} [version]
 * @property {string} alias
 */

/**
 * @typedef {object} Platform
 * @property {string} dir the platform folder (real path: symlinks resolved)
 * @property {string} version the SST version it was installed for
 * @property {ProviderLockEntry[]} providers the entries of `provider-lock.json`
 */

/**
 * Where the platform for `appDir` lives, or an error with {@link PLATFORM_NOT_INSTALLED}.
 * @param {string} appDir
 * @param {{ platformDir?: string | undefined, env?: NodeJS.ProcessEnv }} [options]
 * @returns {Platform}
 */
export function resolvePlatform(appDir, options = {}) {
  const env = options.env ?? process.env;
  const override = options.platformDir ?? env[PLATFORM_ENV];
  /** @type {string[]} */
  const candidates = [];
  if (override) {
    candidates.push(resolve(appDir, override));
  } else {
    candidates.push(join(appDir, ".sst", "platform"));
    const root = findWorkspaceRoot(appDir);
    if (root) candidates.push(join(root, "packages", "infra", ".sst", "platform"));
  }
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

/**
 * The providers the CLI imports as globals. Without a lock file, SST's default for `home: "aws"`.
 * @param {string[]} files
 * @returns {ProviderLockEntry[]}
 */
function readProviderLock(files) {
  const file = files.find((candidate) => existsSync(candidate));
  if (!file) return [{ name: "aws", package: "@pulumi/aws", alias: "aws" }];
  const parsed = JSON.parse(readFileSync(file, "utf8"));
  if (!Array.isArray(parsed)) throw new Error(`${file} is not a list of providers.`);
  return parsed;
}
