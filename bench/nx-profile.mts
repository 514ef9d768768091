#!/usr/bin/env node
/**
 * Where an Nx command spends its CPU, by phase, in several workspaces side by side (e.g. the kept
 * copies of `plugin-load.mts --keep`: the plugin, the same targets in project.json, `plugins: []`).
 * Each run profiles the command's own process (`node --cpu-prof`) and every isolated plugin worker
 * Nx starts (Node 20 refuses `--cpu-prof` in NODE_OPTIONS, so the workers load a small hook through
 * `NODE_OPTIONS=--require` that profiles them with the inspector), alternating between the
 * workspaces, and prints the median of each phase's inclusive CPU time. Daemon off by default;
 * with `--daemon on` the command is a client of a warm daemon (whose own process is not profiled).
 *
 * Usage: node --import tsx bench/nx-profile.mts --workspaces <dir>,<dir>... [--command "show projects"]
 *   [--daemon off|on] [--runs 3] [--keep-profiles]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import {
  inclusiveOf,
  inclusiveOfScript,
  type ProfileSummary,
  summarizeProfile,
} from "./lib/cpu-profile.mts";
import { loadAverage, machineNote, parseArgs, summary, table } from "./lib/measure.mts";

const args = parseArgs(process.argv.slice(2));
const workspaces = String(args.workspaces ?? "")
  .split(",")
  .filter(Boolean)
  .map((path) => resolve(path));
if (workspaces.length === 0) {
  console.error("Give the workspaces to profile: --workspaces <dir>,<dir>");
  process.exit(1);
}
const nxArgs = String(args.command ?? "show projects").split(" ");
const daemon = args.daemon === "on";
const runs = Number(args.runs ?? 3);

/** The phases printed, each the inclusive time of one function (or the process's busy/GC time). */
const phases: { label: string; of: (profile: ProfileSummary) => number }[] = [
  { label: "busy (JavaScript and GC)", of: (p) => p.busyMs },
  { label: "garbage collection", of: (p) => p.gcMs },
  { label: "start plugin workers", of: (p) => inclusiveOf(p, "startPluginWorker") },
  {
    label: "parse messages (plugin workers, daemon)",
    of: (p) => inclusiveOf(p, "parseMessage"),
  },
  {
    label: "merge createNodes results",
    of: (p) => inclusiveOf(p, "mergeCreateNodesResults"),
  },
  {
    label: "  of which mergeTargetConfigurations",
    of: (p) => inclusiveOf(p, "mergeTargetConfigurations"),
  },
  {
    label: "normalise targets",
    of: (p) => inclusiveOf(p, "validateAndNormalizeProjectRootMap"),
  },
  {
    label: "dependencies (createDependencies, graph build)",
    of: (p) => inclusiveOf(p, "buildProjectGraphUsingProjectFileMap"),
  },
  {
    label: "write project-graph.json, source-maps.json",
    of: (p) => inclusiveOf(p, "writeCache"),
  },
];
const workerPhases: typeof phases = [
  { label: "busy (JavaScript and GC)", of: (p) => p.busyMs },
  { label: "garbage collection", of: (p) => p.gcMs },
  {
    label: "the plugin's own code (compiled plugin file)",
    of: (p) => inclusiveOfScript(p, /acme-platform-plugin-[0-9a-f]+\.cjs$/),
  },
  {
    label: "  of which reading the inference cache",
    of: (p) => inclusiveOf(p, "PluginCache"),
  },
  {
    label: "  of which hashing the inputs",
    of: (p) => inclusiveOf(p, "hashMultiGlobWithWorkspaceContext"),
  },
  {
    label: "serialise the results (to the command)",
    of: (p) => inclusiveOf(p, "serializeWithFallback"),
  },
  {
    label: "copy results without undefined (Nx)",
    of: (p) => inclusiveOf(p, "withoutUndefinedValues"),
  },
];

/**
 * Loaded into each Nx plugin worker (NODE_OPTIONS=--require): profiles it with the inspector and
 * writes the profile when it exits. A worker's arguments are its socket, the plugin and the root.
 */
const workerHook = `
const inspector = require("node:inspector");
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
if (/plugin-worker\\.js$/.test(process.argv[1] ?? "")) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      const plugin = String(process.argv[3] ?? "unknown").replace(/[^A-Za-z0-9@.-]+/g, "_");
      writeFileSync(join(process.env.BENCH_PROFILE_DIR, "worker~" + plugin + "~" + process.pid + ".cpuprofile"), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, () => { write(); process.exit(0); });
}
`;

const scratch = mkdtempSync(join(tmpdir(), "shipyard-nx-profile-"));
const hookPath = join(scratch, "worker-hook.cjs");
writeFileSync(hookPath, workerHook);

/** Profiles one `nx <command>` in `root`; returns the main process's summary and each worker's. */
function profileOnce(root: string, directory: string) {
  mkdirSync(directory, { recursive: true });
  // With the daemon, its plugin workers live on between commands: only the client is profiled,
  // with the environment the daemon was started with (a different one would restart it).
  const env = {
    ...process.env,
    NX_DAEMON: String(daemon),
    NX_NO_CLOUD: "true",
    ...(daemon
      ? {}
      : {
          BENCH_PROFILE_DIR: directory,
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${hookPath}`.trim(),
        }),
  };
  const result = spawnSync(
    process.execPath,
    [
      "--cpu-prof",
      `--cpu-prof-dir=${join(directory, "main")}`,
      join(root, "node_modules", "nx", "dist", "bin", "nx.js"),
      ...nxArgs,
    ],
    { cwd: root, env, encoding: "utf8", maxBuffer: 1024 * 1024 * 256 },
  );
  if (result.status !== 0) throw new Error(`nx ${nxArgs.join(" ")} failed:\n${result.stderr}`);
  // nx.js may hand over to a second process; the largest profile is the command's.
  const mainProfiles = readdirSync(join(directory, "main")).map((file) =>
    summarizeProfile(join(directory, "main", file)),
  );
  const main = mainProfiles.sort((a, b) => b.busyMs - a.busyMs)[0];
  const workers = readdirSync(directory)
    .filter((file) => file.startsWith("worker~"))
    .map((file) => ({
      plugin: file.split("~")[1] ?? "",
      profile: summarizeProfile(join(directory, file)),
    }));
  if (!main) throw new Error(`No profile of nx in ${directory}`);
  return { main, workers };
}

const load = loadAverage();
type Samples = Map<string, number[]>;
const samples = workspaces.map(() => ({
  main: new Map() as Samples,
  worker: new Map() as Samples,
}));
const add = (into: Samples, label: string, value: number) => {
  into.set(label, [...(into.get(label) ?? []), value]);
};
try {
  if (daemon)
    for (const root of workspaces) profileOnce(root, join(scratch, "warm", basename(root)));
  for (let run = 0; run < runs; run++) {
    workspaces.forEach((root, index) => {
      const { main, workers } = profileOnce(root, join(scratch, `run${run}`, basename(root)));
      const into = samples[index];
      if (!into) return;
      for (const phase of phases) add(into.main, phase.label, phase.of(main));
      add(
        into.main,
        "plugin workers, all: busy",
        workers.reduce((sum, worker) => sum + worker.profile.busyMs, 0),
      );
      add(into.main, "plugin workers, all: count", workers.length);
      // Nx names a worker by the plugin's entry in nx.json: the package, or its entry file.
      const platform = workers.find(
        (worker) => worker.plugin === "@acme_platform" || worker.plugin.includes("nx-entry"),
      );
      for (const phase of workerPhases) {
        add(into.worker, phase.label, platform ? phase.of(platform.profile) : Number.NaN);
      }
    });
  }
} finally {
  if (daemon) {
    for (const root of workspaces) {
      spawnSync(join(root, "node_modules", ".bin", "nx"), ["daemon", "--stop"], {
        cwd: root,
        env: { ...process.env, NX_DAEMON: "true" },
      });
    }
  }
  if (args["keep-profiles"]) console.log(`profiles kept in ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

const median = (values: number[] | undefined) => {
  const value = summary(values ?? []).median;
  return Number.isNaN(value) ? "-" : String(Math.round(value));
};
const header = ["CPU ms (median)", ...workspaces.map((root) => basename(root))];
const mainLabels = [
  ...phases.map((phase) => phase.label),
  "plugin workers, all: busy",
  "plugin workers, all: count",
];
console.log(
  `nx ${nxArgs.join(" ")}, daemon ${daemon ? "on" : "off"}: the command's own process${daemon ? " (a client of the daemon)" : ""}`,
);
console.log(
  table([
    header,
    ...mainLabels.map((label) => [label, ...samples.map((s) => median(s.main.get(label)))]),
  ]),
);
console.log("\nThe @acme/platform plugin worker (- where the workspace does not load it)");
console.log(
  table([
    header,
    ...workerPhases.map(({ label }) => [label, ...samples.map((s) => median(s.worker.get(label)))]),
  ]),
);
console.log(
  `\nInclusive CPU time of each phase (a sample counts once per function on the stack); ${runs} runs each, alternating${daemon ? ", after one warm-up run each" : ""}. Profiling slows the processes: compare the columns, not these times with unprofiled ones. ${machineNote(load)}`,
);
