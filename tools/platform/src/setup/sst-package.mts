import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The workspace's `sst` package: its version and the path of its CLI. */
export interface SstPackage {
  version: string;
  bin: string;
}

/**
 * The folder of an installed package, found the way Node would. Some packages, sst among them, do
 * not export their package.json, so `require.resolve("x/package.json")` fails on them.
 */
export function packageDir(root: string, name: string): string {
  const require = createRequire(join(root, "package.json"));
  const found = (require.resolve.paths(name) ?? [])
    .map((modules) => join(modules, name))
    .find((dir) => existsSync(join(dir, "package.json")));
  if (!found) throw new Error(`${name} is not installed: run \`npm ci\` at the workspace root.`);
  return found;
}

export function sstPackage(root: string): SstPackage {
  const manifestPath = join(packageDir(root, "sst"), "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin.sst;
  return { version: String(manifest.version), bin: join(dirname(manifestPath), bin) };
}

/**
 * What every SST command the platform runs needs, so that it reaches no further than the npm
 * registry: no Pulumi download before each command (only deploys need Pulumi, and they bring
 * their own) and no telemetry. A value the user set wins.
 */
export function quietSstEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    SST_SKIP_DEPENDENCY_CHECK: env.SST_SKIP_DEPENDENCY_CHECK ?? "1",
    SST_TELEMETRY_DISABLED: env.SST_TELEMETRY_DISABLED ?? "1",
  };
}

/**
 * The environment for `sst install`: {@link quietSstEnv}, plus bun from the npm registry
 * (`@oven/bun-linux-x64`, the version SST expects), or npm where no bun package fits the machine.
 */
export function offlineSstEnv(root: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const result = quietSstEnv(env);
  if (env.SST_BUN_PATH || env.SST_NO_BUN) return result;
  const bun = bunFromRegistry(root);
  return bun ? { ...result, SST_BUN_PATH: bun } : { ...result, SST_NO_BUN: "1" };
}

/** The bun binary of `@oven/bun-linux-x64` (the version SST expects), where it fits the machine. */
export function bunFromRegistry(root: string): string | undefined {
  if (process.platform !== "linux" || process.arch !== "x64") return undefined;
  try {
    const bun = join(packageDir(root, "@oven/bun-linux-x64"), "bin", "bun");
    return existsSync(bun) ? bun : undefined;
  } catch {
    // No bun package for this machine (it is an optional dependency).
    return undefined;
  }
}
