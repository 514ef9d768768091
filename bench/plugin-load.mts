#!/usr/bin/env node
/**
 * What the @acme/platform plugin costs every Nx command: `nx show projects` in a copy of this
 * workspace as it is, against the same copy with `"plugins": []` in nx.json (Nx then makes the
 * same projects from package.json, without the platform's targets). Daemon off (as in CI) and on.
 *
 * Both copies are measured in the same run, alternating, each case a median of N runs, and printed
 * side by side with the ratio. Target (issue 12): at most 1.15x.
 *
 * Usage: node --import tsx bench/plugin-load.mts [--runs 7] [--command "show projects"] [--workspace <dir>]
 * (`--workspace` measures another checkout with its own node_modules, e.g. main, for a before/after.)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  loadAverage,
  machineNote,
  parseArgs,
  ratioTable,
  type Sampled,
  timeCommand,
} from "./lib/measure.mts";

const args = parseArgs(process.argv.slice(2));
const WORKSPACE = resolve(
  typeof args.workspace === "string"
    ? args.workspace
    : join(dirname(fileURLToPath(import.meta.url)), ".."),
);
const runs = Number(args.runs ?? 7);
const nxArgs = String(args.command ?? "show projects").split(" ");

/** A copy of the workspace's tracked and untracked files, node_modules linked. */
function copyWorkspace(editNxJson?: (nxJson: { plugins?: unknown[] }) => void) {
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

/** Wall time of one `nx <args>` in `cwd`, in ms. */
function timeNx(cwd: string, daemon: boolean) {
  return timeCommand(join(cwd, "node_modules", ".bin", "nx"), nxArgs, {
    cwd,
    env: { ...process.env, NX_DAEMON: String(daemon), NX_NO_CLOUD: "true" },
  });
}

const withPlugin = copyWorkspace();
const bare = copyWorkspace((nxJson) => {
  nxJson.plugins = [];
});
const before = loadAverage();
try {
  const rows: Sampled[] = [];
  for (const daemon of [false, true]) {
    // One run each first: it starts the daemon, and fills Nx's caches in both copies alike.
    timeNx(withPlugin, daemon);
    timeNx(bare, daemon);
    const plugin: number[] = [];
    const none: number[] = [];
    for (let run = 0; run < runs; run++) {
      plugin.push(timeNx(withPlugin, daemon));
      none.push(timeNx(bare, daemon));
    }
    const label = `nx ${nxArgs.join(" ")}, daemon ${daemon ? "on" : "off"}`;
    rows.push(
      { label: `${label}: @acme/platform`, samples: plugin, baseline: `${label}: plugins: []` },
      { label: `${label}: plugins: []`, samples: none, baseline: `${label}: plugins: []` },
    );
  }
  console.log(ratioTable(rows, { unit: "ms", ratioHeader: "ratio to plugins: []" }));
  console.log(`\n${runs} runs each, alternating, after one unmeasured run. ${machineNote(before)}`);
} finally {
  for (const root of [withPlugin, bare]) {
    spawnSync(join(root, "node_modules", ".bin", "nx"), ["daemon", "--stop"], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: "true" },
    });
    rmSync(root, { recursive: true, force: true });
  }
}
