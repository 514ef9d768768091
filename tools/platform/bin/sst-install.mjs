#!/usr/bin/env node
// @ts-check
/**
 * Installs SST's platform (component source, Pulumi and provider packages) once per workspace, with
 * nothing but the npm registry, and links every service to it.
 *
 * SST normally downloads Pulumi and bun from GitHub before any command. Here:
 * - `SST_SKIP_DEPENDENCY_CHECK=1` skips those downloads (Pulumi is needed only to deploy);
 * - bun comes from the npm registry (`@oven/bun-linux-x64`, the version SST expects) through
 *   `SST_BUN_PATH`; where no bun package fits the machine, `SST_NO_BUN=1` makes SST use npm.
 *
 * The install lives in `packages/infra/.sst/platform`. Each service's `.sst/platform` and
 * `.sst/provider-lock.json` are links to it (see docs/adr/0001-services-as-sst-apps.md).
 *
 * Usage: node tools/platform/bin/sst-install.mjs [--force] [--help]
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const HELP = `Usage: npm run setup [-- --force]

Installs SST's platform once for the workspace (packages/infra/.sst/platform), offline
apart from the npm registry, and links every service (apps/*/sst.config.ts) to it.
Quick when already installed.

Options:
  --force   remove the install and install again
  --help    show this help`;

const PLATFORM_HOME = join("packages", "infra");
const INSTALL_STAGE = "setup";

/** @param {string} from */
export function findWorkspaceRoot(from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).workspaces) return dir;
    if (dirname(dir) === dir) {
      throw new Error(`No npm workspace root (a package.json with "workspaces") above ${from}.`);
    }
  }
}

/**
 * Why the platform in `sstDir` must be (re)installed for `sstVersion`, or `undefined` when it is
 * complete. A half-finished install (no Pulumi packages, no config types) counts as missing.
 * @param {string} sstDir the `.sst` folder next to the platform's sst.config.ts
 * @param {string} sstVersion
 */
export function reasonToInstall(sstDir, sstVersion) {
  const platform = join(sstDir, "platform");
  const versionFile = join(platform, "version");
  if (!existsSync(versionFile)) return "not installed";
  const installed = readFileSync(versionFile, "utf8").trim();
  if (installed !== sstVersion)
    return `installed for sst ${installed}, workspace has ${sstVersion}`;
  for (const part of [
    "config.d.ts",
    join("node_modules", "@pulumi", "pulumi", "package.json"),
    join("..", "provider-lock.json"),
  ]) {
    if (!existsSync(join(platform, part))) return `incomplete install (no ${part})`;
  }
  return undefined;
}

/**
 * The folder of an installed package, found the way Node would (some packages, sst among them, do
 * not export their package.json, so `require.resolve("x/package.json")` fails on them).
 * @param {string} root
 * @param {string} name
 */
function packageDir(root, name) {
  const require = createRequire(join(root, "package.json"));
  const found = (require.resolve.paths(name) ?? [])
    .map((modules) => join(modules, name))
    .find((dir) => existsSync(join(dir, "package.json")));
  if (!found) throw new Error(`${name} is not installed: run \`npm ci\` first.`);
  return found;
}

/**
 * The workspace's sst package: its version and the path of its CLI.
 * @param {string} root
 */
export function sstPackage(root) {
  const manifestPath = join(packageDir(root, "sst"), "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const bin = typeof manifest.bin === "string" ? manifest.bin : manifest.bin.sst;
  return { version: String(manifest.version), bin: join(dirname(manifestPath), bin) };
}

/**
 * The environment for SST commands that must not reach past the npm registry.
 * @param {string} root
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv}
 */
export function offlineSstEnv(root, env) {
  /** @type {NodeJS.ProcessEnv} */
  const result = {
    ...env,
    SST_SKIP_DEPENDENCY_CHECK: "1",
    SST_TELEMETRY_DISABLED: "1",
  };
  if (env.SST_BUN_PATH || env.SST_NO_BUN) return result;
  try {
    const bun = join(packageDir(root, "@oven/bun-linux-x64"), "bin", "bun");
    if (process.platform === "linux" && process.arch === "x64" && existsSync(bun)) {
      return { ...result, SST_BUN_PATH: bun };
    }
  } catch {
    // No bun package for this machine: fall through to npm.
  }
  return { ...result, SST_NO_BUN: "1" };
}

/**
 * Points `serviceDir/.sst/{platform,provider-lock.json}` at the shared install. Returns what it did.
 * @param {string} serviceDir
 * @param {string} sharedSstDir
 */
export function linkService(serviceDir, sharedSstDir) {
  const sstDir = join(serviceDir, ".sst");
  mkdirSync(sstDir, { recursive: true });
  const changed = [];
  for (const entry of ["platform", "provider-lock.json"]) {
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

/** @param {string} root */
export function servicesWithSstConfig(root) {
  const apps = join(root, "apps");
  if (!existsSync(apps)) return [];
  return readdirSync(apps, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(apps, entry.name, "sst.config.ts")))
    .map((entry) => join(apps, entry.name));
}

/**
 * @param {{ cwd: string, argv: string[], env: NodeJS.ProcessEnv, log: (line: string) => void }} io
 * @returns {number} the exit code
 */
export function main({ cwd, argv, env, log }) {
  if (argv.includes("--help") || argv.includes("-h")) {
    log(HELP);
    return 0;
  }
  const unknown = argv.filter((arg) => arg !== "--force");
  if (unknown.length > 0) {
    log(`Unknown option ${unknown.join(" ")}.\n\n${HELP}`);
    return 2;
  }

  const root = findWorkspaceRoot(cwd);
  const home = join(root, PLATFORM_HOME);
  const sstDir = join(home, ".sst");
  const sst = sstPackage(root);
  const started = Date.now();

  const reason = argv.includes("--force") ? "--force" : reasonToInstall(sstDir, sst.version);
  if (reason === undefined) {
    log(`✓ SST platform ${sst.version} already installed in ${relative(root, sstDir)}/platform`);
  } else {
    log(
      `› Installing SST platform ${sst.version} in ${relative(root, sstDir)}/platform (${reason})`,
    );
    rmSync(join(sstDir, "platform"), { recursive: true, force: true });
    rmSync(join(sstDir, "provider-lock.json"), { force: true });
    const sstEnv = offlineSstEnv(root, env);
    if (sstEnv.SST_NO_BUN) log("  no bun package for this machine: SST uses npm (about a minute)");
    const result = spawnSync(
      env.SHIPYARD_SST_BIN ?? sst.bin,
      ["install", "--stage", INSTALL_STAGE],
      {
        cwd: home,
        env: sstEnv,
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    const missing = reasonToInstall(sstDir, sst.version);
    if (result.status !== 0 || missing !== undefined) {
      rmSync(join(sstDir, "platform"), { recursive: true, force: true });
      rmSync(join(sstDir, "provider-lock.json"), { force: true });
      const cause = result.error?.message ?? `exit code ${result.status}`;
      log(
        `✕ sst install failed (${missing ?? cause}); the partial install was removed.\n` +
          "  Check that the npm registry is reachable (npm ping), then run `npm run setup` again.",
      );
      return 1;
    }
    log(
      `✓ SST platform ${sst.version} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  for (const service of servicesWithSstConfig(root)) {
    const changed = linkService(service, sstDir);
    if (changed.length > 0) log(`  linked ${relative(root, service)}/.sst to the shared platform`);
  }
  return 0;
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main({
      cwd: process.cwd(),
      argv: process.argv.slice(2),
      env: process.env,
      log: (line) => console.log(line),
    });
  } catch (error) {
    console.error(`✕ ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
