#!/usr/bin/env node
// @ts-check
/**
 * What the @acme/platform plugin costs every Nx command: `nx show projects` in a copy of this
 * workspace as it is, against the same copy with `"plugins": []` in nx.json (Nx then makes the
 * same projects from package.json, without the platform's targets). Daemon off (as in CI) and on.
 *
 * Both copies are measured in the same run, alternating, each case a median of N runs, and printed
 * side by side with the ratio. Target (issue 12): at most 1.15x.
 *
 * Usage: node bench/plugin-load.mjs [--runs 7] [--command "show projects"] [--workspace <dir>]
 * (`--workspace` measures another checkout with its own node_modules, e.g. main, for a before/after.)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, summary, table } from "./lib/measure.mjs";

const args = parseArgs(process.argv.slice(2));
const WORKSPACE = resolve(
  typeof args.workspace === "string"
    ? args.workspace
    : join(dirname(fileURLToPath(import.meta.url)), ".."),
);
const runs = Number(args.runs ?? 7);
const nxArgs = String(args.command ?? "show projects").split(" ");

/**
 * A copy of the workspace's tracked and untracked files, node_modules linked.
 * @param {(nxJson: any) => void} [editNxJson]
 */
function copyWorkspace(editNxJson) {
  const root = mkdtempSync(join(tmpdir(), "shipyard-bench-plugin-"));
  const files = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: WORKSPACE,
      encoding: "utf8",
    },
  );
  const tar = spawnSync("tar", ["-cf", "-", "--null", "-T", "-"], {
    cwd: WORKSPACE,
    input: files,
    maxBuffer: 1024 * 1024 * 512,
  });
  execFileSync("tar", ["-xf", "-"], { cwd: root, input: tar.stdout });
  symlinkSync(join(WORKSPACE, "node_modules"), join(root, "node_modules"));
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: root });
  if (editNxJson) {
    const path = join(root, "nx.json");
    const nxJson = JSON.parse(readFileSync(path, "utf8"));
    editNxJson(nxJson);
    writeFileSync(path, JSON.stringify(nxJson, null, 2));
  }
  return root;
}

/**
 * Wall time of one `nx <args>` in `cwd`, in ms.
 * @param {string} cwd
 * @param {boolean} daemon
 */
function timeNx(cwd, daemon) {
  const started = performance.now();
  const child = spawnSync(join(cwd, "node_modules", ".bin", "nx"), nxArgs, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NX_DAEMON: String(daemon), NX_NO_CLOUD: "true" },
  });
  const ms = performance.now() - started;
  if (child.status !== 0)
    throw new Error(`nx ${nxArgs.join(" ")} failed in ${cwd}:\n${child.stderr}`);
  return ms;
}

const withPlugin = copyWorkspace();
const bare = copyWorkspace((nxJson) => {
  nxJson.plugins = [];
});
try {
  const rows = [["case", "median ms", "min ms", "max ms", "ratio to plugins: []"]];
  for (const daemon of [false, true]) {
    // One run each first: it starts the daemon, and fills Nx's caches in both copies alike.
    timeNx(withPlugin, daemon);
    timeNx(bare, daemon);
    /** @type {number[]} */
    const plugin = [];
    /** @type {number[]} */
    const none = [];
    for (let run = 0; run < runs; run++) {
      plugin.push(timeNx(withPlugin, daemon));
      none.push(timeNx(bare, daemon));
    }
    const p = summary(plugin);
    const n = summary(none);
    const label = `nx ${nxArgs.join(" ")}, daemon ${daemon ? "on" : "off"}`;
    rows.push([
      `${label}: @acme/platform`,
      ...[p.median, p.min, p.max].map((v) => v.toFixed(0)),
      (p.median / n.median).toFixed(2),
    ]);
    rows.push([
      `${label}: plugins: []`,
      ...[n.median, n.min, n.max].map((v) => v.toFixed(0)),
      "1.00",
    ]);
  }
  console.log(table(rows));
} finally {
  for (const root of [withPlugin, bare]) {
    spawnSync(join(root, "node_modules", ".bin", "nx"), ["daemon", "--stop"], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: "true" },
    });
    rmSync(root, { recursive: true, force: true });
  }
}
