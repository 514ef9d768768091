import { spawn } from "node:child_process";
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { basename, join, relative } from "node:path";
import { layout } from "@acme/contract";
import lockfile from "proper-lockfile";
import { offlineSstEnv, type SstPackage } from "./sst-package.mjs";

/**
 * The shared SST platform install, made safe to run from several processes at once (two Nx tasks,
 * two terminals):
 *
 * - one install at a time: a lock (`.sst/install.lock`, proper-lockfile: a directory created
 *   atomically, kept fresh while the install runs, taken over when its holder died);
 * - no half-written platform is ever visible: SST installs into a fresh folder
 *   `.sst/installs/<id>` (it writes where its `sst.config.ts` is), and the install is published
 *   by renaming one symbolic link, `.sst/current`, onto it. `.sst/platform` and
 *   `.sst/provider-lock.json` link through `current`, so readers see the old install or the new
 *   one, whole.
 */

/** The stage `sst install` is run with (it needs one; nothing is deployed). */
export const INSTALL_STAGE = "setup";

/** How long a second install waits for the first before giving up (npm without bun: ~1 min). */
const LOCK_WAIT_MS = 10 * 60 * 1000;
const LOCK_POLL_MS = 200;

export interface PlatformPaths {
  /** The project whose `sst.config.ts` the platform is installed for (packages/infra). */
  home: string;
  /** `<home>/.sst`: what readers and service links use. */
  sstDir: string;
  /** The link that publishes an install: `current` → `installs/<id>/.sst`. */
  current: string;
  /** Where installs are made, one folder each. */
  installs: string;
  /** SST's output of the last install, kept so that a failure can point at it. */
  log: string;
}

export function platformPaths(root: string): PlatformPaths {
  const home = join(root, layout.platformProjectRoot);
  const sstDir = join(home, ".sst");
  return {
    home,
    sstDir,
    current: join(sstDir, "current"),
    installs: join(sstDir, "installs"),
    log: join(sstDir, "setup.log"),
  };
}

/**
 * Why the platform in `sstDir` must be (re)installed for `sstVersion`, or `undefined` when it is
 * complete. A half-finished install (no Pulumi packages, no config types) counts as missing.
 */
export function reasonToInstall(sstDir: string, sstVersion: string): string | undefined {
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

export interface InstallRequest {
  root: string;
  sst: SstPackage;
  env: NodeJS.ProcessEnv;
  force: boolean;
  log: (line: string) => void;
}

export type InstallOutcome =
  | { kind: "already-installed" }
  | { kind: "installed"; seconds: number }
  | { kind: "failed"; problem: string };

/** Installs the platform unless a complete one is there; see the module comment. */
export async function installPlatform(request: InstallRequest): Promise<InstallOutcome> {
  const paths = platformPaths(request.root);
  mkdirSync(paths.installs, { recursive: true });
  const release = await acquireInstallLock(paths, request.log);
  try {
    // Checked under the lock: an install that finished while this one waited counts.
    const reason = request.force ? "--force" : reasonToInstall(paths.sstDir, request.sst.version);
    if (reason === undefined) return { kind: "already-installed" };
    request.log(
      `› Installing SST platform ${request.sst.version} in ${relative(request.root, paths.sstDir)}/platform (${reason})`,
    );
    return await installAndPublish(paths, request, release);
  } finally {
    await release.release();
  }
}

interface HeldLock {
  release: () => Promise<void>;
  /** Set when the lock was lost (its folder removed, or taken over as stale). */
  lost?: Error;
}

async function acquireInstallLock(paths: PlatformPaths, log: (line: string) => void) {
  const held: HeldLock = { release: async () => {} };
  const options = {
    lockfilePath: join(paths.sstDir, "install.lock"),
    realpath: false,
    // The holder refreshes the lock every stale/2 ms; a lock older than this is a dead holder's.
    stale: 20_000,
    onCompromised: (error: Error) => {
      held.lost = error;
    },
  };
  const started = Date.now();
  let waiting = false;
  for (;;) {
    try {
      held.release = await lockfile.lock(paths.sstDir, options);
      return held;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      if (Date.now() - started > LOCK_WAIT_MS) {
        throw new Error(
          `Another sst-install has held ${relative(paths.home, options.lockfilePath)} for ${LOCK_WAIT_MS / 60_000} minutes. If no setup is running, remove ${options.lockfilePath} and run \`npm run setup\` again.`,
        );
      }
      if (!waiting) log("› Another sst-install is running: waiting for it to finish");
      waiting = true;
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
}

async function installAndPublish(
  paths: PlatformPaths,
  request: InstallRequest,
  lock: HeldLock,
): Promise<InstallOutcome> {
  const started = Date.now();
  removeUnpublishedInstalls(paths);
  const staging = mkdtempSync(join(paths.installs, `${request.sst.version}-`));
  chmodSync(staging, 0o755); // mkdtemp makes it private; the platform is read by every user.
  copyFileSync(join(paths.home, "sst.config.ts"), join(staging, "sst.config.ts"));
  const sstEnv = offlineSstEnv(request.root, request.env);
  if (sstEnv.SST_NO_BUN)
    request.log("  no bun package for this machine: SST uses npm (about a minute)");

  const exit = await runSstInstall(request, staging, sstEnv, paths.log);
  const missing = reasonToInstall(join(staging, ".sst"), request.sst.version);
  if (exit !== 0 || missing !== undefined || lock.lost) {
    rmSync(staging, { recursive: true, force: true });
    return {
      kind: "failed",
      problem: failureReport(paths, request.root, exit, missing, lock.lost),
    };
  }
  publish(paths, staging);
  return { kind: "installed", seconds: (Date.now() - started) / 1000 };
}

/** Runs `sst install` in `staging`, its output (with SST's own log lines) into `logFile`. */
function runSstInstall(
  request: InstallRequest,
  staging: string,
  env: NodeJS.ProcessEnv,
  logFile: string,
): Promise<number | string> {
  const bin = request.env.SHIPYARD_SST_BIN ?? request.sst.bin;
  const out = openSync(logFile, "w");
  return new Promise((resolve) => {
    // Asynchronous, so the lock stays fresh while SST works.
    const child = spawn(bin, ["install", "--stage", INSTALL_STAGE, "--print-logs"], {
      cwd: staging,
      env,
      stdio: ["ignore", out, out],
    });
    child.on("error", (error) => {
      closeSync(out);
      resolve(`could not start ${bin}: ${error.message}`);
    });
    child.on("close", (code, signal) => {
      closeSync(out);
      resolve(code ?? `stopped by ${signal}`);
    });
  });
}

/**
 * Makes `staging` the published install in one rename, then drops installs that are neither it
 * nor the one it replaced (a reader may still be loading from that one).
 */
function publish(paths: PlatformPaths, staging: string): void {
  const previous = readLink(paths.current);
  const next = `${paths.current}.${basename(staging)}`;
  symlinkSync(join("installs", basename(staging), ".sst"), next);
  renameSync(next, paths.current);
  // The lock file first: readers take `.sst/platform` as the sign that an install exists, so by
  // the time it appears everything it refers to must already be there.
  const replaced = ["provider-lock.json", "platform"].flatMap((entry) =>
    linkThroughCurrent(paths, entry),
  );
  const keep = new Set([
    basename(staging),
    previous && basename(join(previous, "..")),
    ...replaced,
  ]);
  for (const install of readdirSync(paths.installs)) {
    if (!keep.has(install)) rmSync(join(paths.installs, install), { recursive: true, force: true });
  }
}

/**
 * `.sst/<entry>` → `current/<entry>`. A real folder or file there (an install made before installs
 * were published through `current`) is moved under installs/ first, and removed by the next
 * install. Returns the folder it was moved to.
 */
function linkThroughCurrent(paths: PlatformPaths, entry: string): string[] {
  const link = join(paths.sstDir, entry);
  const target = join("current", entry);
  const stat = lstatSync(link, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink() && readlinkSync(link) === target) return [];
  const aside = stat ? mkdtempSync(join(paths.installs, "replaced-")) : undefined;
  if (aside) renameSync(link, join(aside, entry));
  symlinkSync(target, link);
  return aside ? [basename(aside)] : [];
}

/** Folders under installs/ left by installs that failed or were stopped (none is published). */
function removeUnpublishedInstalls(paths: PlatformPaths): void {
  const published = readLink(paths.current);
  const keep = published ? basename(join(published, "..")) : undefined;
  for (const install of readdirSync(paths.installs)) {
    if (install !== keep) rmSync(join(paths.installs, install), { recursive: true, force: true });
  }
}

function readLink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** What went wrong, SST's own error line when it printed one, and where its full log is. */
function failureReport(
  paths: PlatformPaths,
  root: string,
  exit: number | string,
  missing: string | undefined,
  lost: Error | undefined,
): string {
  if (lost) return `the install lock was lost (${lost.message}); run \`npm run setup\` again.`;
  const log = relative(root, paths.log);
  const cause = typeof exit === "string" ? exit : exit !== 0 ? sstError(paths.log) : missing;
  return [
    `sst install failed: ${cause ?? `exit code ${exit}`}. Nothing was installed.`,
    `  SST's output is in ${log}.`,
    "  SST fetches the AWS provider's packages from the npm registry: check that it is reachable",
    "  (`npm ping`), then run `npm run setup` again.",
  ].join("\n");
}

/** The last error SST logged (`level=ERROR ... err="..."` with --print-logs), if any. */
export function sstError(logFile: string): string {
  if (!existsSync(logFile)) return "no output";
  const lines = readFileSync(logFile, "utf8").split("\n");
  for (const line of lines.reverse()) {
    if (!line.includes("level=ERROR")) continue;
    const detail = /\berr="([^"]*)"/.exec(line) ?? /\bmsg="([^"]*)"/.exec(line);
    if (detail?.[1]) return detail[1];
  }
  return "SST printed no error line";
}
