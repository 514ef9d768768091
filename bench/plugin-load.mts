#!/usr/bin/env node
/**
 * What the @acme/platform plugin costs every Nx command: `nx show projects` in a copy of this
 * workspace as it is, against the same copy with `"plugins": []` in nx.json (Nx then makes the
 * same projects from package.json, without the platform's targets). Two more copies say where the
 * difference comes from: a plugin that infers nothing (what Nx charges any plugin: its worker),
 * and the plugin's targets written out in project.json files with `"plugins": []` (what a graph
 * with these targets costs Nx, whoever makes them). When nx.json names the plugin by its entry
 * file, a fifth copy names it by its package, as before. Daemon off (as in CI) and on.
 *
 * Every copy carries the workspace's .env, so plugins load as it says (in the Nx process, ADR
 * 0014) in every variant alike; `NX_ISOLATE_PLUGINS=true` in the environment measures Nx's default
 * (one worker process per plugin) instead.
 *
 * Both copies are measured in the same run, alternating, each case a median of N runs, and printed
 * side by side with the ratio. Target (issue 12): at most 1.15x.
 *
 * Usage: node --import tsx bench/plugin-load.mts [--runs 7] [--command "show projects"] [--services N]
 *   [--services-from <a copy kept by --keep>] [--workspace <dir>] [--keep]
 * (`--services N` first generates N services into the copy with the platform's own generator, so
 * the plugin infers targets for N more projects; `--workspace` measures another checkout with its
 * own node_modules, e.g. main, for a before/after.)
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type CopyOptions, copyWorkspace } from "@acme/workspace-copy";
import {
  cpuMethod,
  loadAverage,
  machineNote,
  parseArgs,
  ratioTable,
  removeLeftCgroups,
  runCountingCpu,
  type Sampled,
} from "./lib/measure.mts";
import { generateServices } from "./lib/services.mts";

const args = parseArgs(process.argv.slice(2));
const WORKSPACE = resolve(
  typeof args.workspace === "string"
    ? args.workspace
    : join(dirname(fileURLToPath(import.meta.url)), ".."),
);
const runs = Number(args.runs ?? 7);
const nxArgs = String(args.command ?? "show projects").split(" ");
const services = Number(args.services ?? 0);
if (!Number.isInteger(services) || services < 0) {
  console.error("--services takes a whole number, e.g. --services 500");
  process.exit(1);
}

/**
 * A copy of `source`'s tracked and untracked files (this workspace, or a copy made before), no
 * SST platform (the graph does not need it), no commit. Its node_modules are its own folder of
 * links to this workspace's packages, with `@acme/*` linked to the copy's own packages as in a
 * checkout: Nx then resolves `@acme/platform` inside the copy, as it does for users (with one link
 * to another workspace's node_modules it would resolve outside, and skip the local plugin
 * look-up a checkout pays; bench/README.md, "Where the time goes at 500 services").
 */
function copyOf(source: string, editNxJson?: CopyOptions["editNxJson"]) {
  return copyWorkspace({
    prefix: "shipyard-bench-plugin-",
    from: source,
    modulesFrom: WORKSPACE,
    nodeModules: "own",
    sstPlatform: false,
    editNxJson,
  });
}

/**
 * Wall time and CPU time of one `nx <args>` in `cwd`, in ms: the CPU of every process it starts,
 * its detached plugin workers included (lib/command-cpu.mts), not a daemon's.
 */
function timeNx(cwd: string, daemon: boolean): { wall: number; cpu: number } {
  const run = runCountingCpu(join(cwd, "node_modules", ".bin", "nx"), nxArgs, {
    cwd,
    env: { ...process.env, NX_DAEMON: String(daemon), NX_NO_CLOUD: "true" },
  });
  if (run.lingering > 0 && measuring) lingeringRuns++;
  return { wall: run.ms, cpu: run.cpuMs };
}
/** Measured runs that left processes running past the wait (their CPU after it is not counted). */
let lingeringRuns = 0;
let measuring = false;

const withPlugin = copyOf(WORKSPACE);
const servicesFrom = typeof args["services-from"] === "string" ? args["services-from"] : undefined;
if (servicesFrom) {
  // The services a run with --keep generated (apps/svc-*, and CODEOWNERS): generating 500 takes
  // minutes.
  const generated = readdirSync(join(servicesFrom, "apps"))
    .filter((name) => name.startsWith("svc-"))
    .map((name) => `apps/${name}`);
  const tar = spawnSync("tar", ["-cf", "-", "CODEOWNERS", ...generated], {
    cwd: servicesFrom,
    maxBuffer: 1024 * 1024 * 1024,
  });
  execFileSync("tar", ["-xf", "-"], { cwd: withPlugin, input: tar.stdout });
  console.log(`copied ${generated.length} services from ${servicesFrom}`);
} else if (services > 0) {
  console.log(`generating ${services} services into ${withPlugin}...`);
  generateServices(
    withPlugin,
    Array.from({ length: services }, (_, i) => ({
      name: `svc-${String(i).padStart(4, "0")}`,
      kind: (["http", "worker", "cron"] as const)[i % 3] ?? "http",
      owner: "payments",
      skipInstall: true,
    })),
  );
}
// The same files (with the generated services), with "plugins": [].
const bare = copyOf(withPlugin, (nxJson) => {
  nxJson.plugins = [];
});
/**
 * The floor any plugin pays: the same files with a plugin that infers nothing (plain JavaScript,
 * the same file pattern), so that Nx starts a plugin worker for it as it does for @acme/platform.
 * Its file is under a node_modules folder, as the platform's entry is: elsewhere in the
 * workspace, Nx would look it up among the projects first, in two more workers.
 */
const noopPlugin = copyOf(withPlugin, (nxJson) => {
  nxJson.plugins = ["./bench-noop/node_modules/plugin.cjs"];
});
mkdirSync(join(noopPlugin, "bench-noop", "node_modules"), { recursive: true });
writeFileSync(
  join(noopPlugin, "bench-noop", "node_modules", "plugin.cjs"),
  `module.exports = { name: "noop", createNodesV2: ["{apps,packages,tools}/*/package.json", async () => []] };\n`,
);
/**
 * The floor of having the targets at all: the same targets the plugin infers, written out in each
 * project's project.json, with "plugins": [] (Nx reads and hashes a graph of the same size).
 */
const staticTargets = copyOf(withPlugin, (nxJson) => {
  nxJson.plugins = [];
});
writeStaticTargets(withPlugin, staticTargets);

/**
 * The plugin named by its package in nx.json (`"@acme/platform"`, as before the entry file
 * `nx-entry/node_modules/plugin.cjs`), when the workspace names it otherwise: what the entry saves.
 */
const pluginEntries = (readNxJson(withPlugin).plugins ?? []).map((entry) =>
  typeof entry === "string" ? entry : (entry as { plugin: string }).plugin,
);
const byPackage = pluginEntries.some((entry) => entry !== "@acme/platform")
  ? copyOf(withPlugin, (nxJson) => {
      nxJson.plugins = ["@acme/platform"];
    })
  : undefined;

const variants = [
  { name: "@acme/platform", root: withPlugin },
  ...(byPackage
    ? [{ name: "@acme/platform named by its package in nx.json", root: byPackage }]
    : []),
  { name: "the same targets in project.json, plugins: []", root: staticTargets },
  { name: "a plugin that infers nothing", root: noopPlugin },
  { name: "plugins: []", root: bare },
];
for (const { name, root } of variants) console.log(`${name}: ${projectCount(root)} projects`);

const before = loadAverage();
try {
  const rows: Sampled[] = [];
  const cpuRows: Sampled[] = [];
  for (const daemon of [false, true]) {
    // One run each first: it starts the daemon, and fills Nx's caches in every copy alike.
    measuring = false;
    for (const { root } of variants) timeNx(root, daemon);
    measuring = true;
    const samples = variants.map(() => [] as number[]);
    const cpu = variants.map(() => [] as number[]);
    for (let run = 0; run < runs; run++) {
      for (const [index, { root }] of variants.entries()) {
        const { wall, cpu: cpuMs } = timeNx(root, daemon);
        samples[index]?.push(wall);
        cpu[index]?.push(cpuMs);
      }
    }
    const label = `nx ${nxArgs.join(" ")}, daemon ${daemon ? "on" : "off"}`;
    variants.forEach(({ name }, index) => {
      rows.push({
        label: `${label}: ${name}`,
        samples: samples[index] ?? [],
        baseline: `${label}: plugins: []`,
      });
    });
    variants.forEach(({ name }, index) => {
      cpuRows.push({
        label: `${label}: ${name}`,
        samples: cpu[index] ?? [],
        baseline: `${label}: plugins: []`,
      });
    });
  }
  console.log("Wall time");
  console.log(ratioTable(rows, { unit: "ms", ratioHeader: "ratio to plugins: []" }));
  console.log(`\nCPU time: ${cpuMethod()}`);
  if (lingeringRuns > 0) {
    console.log(`(${lingeringRuns} measured runs left processes running 3 s after Nx exited)`);
  }
  console.log(ratioTable(cpuRows, { unit: "ms", ratioHeader: "ratio to plugins: []" }));
  console.log(
    `\nPlugins: ${isolationNote()}. ${runs} runs each, alternating, after one unmeasured run${services > 0 ? `; ${services} services generated` : ""}${servicesFrom ? `; the services of ${servicesFrom}` : ""}. ${machineNote(before)}`,
  );
} finally {
  for (const { root } of variants) {
    spawnSync(join(root, "node_modules", ".bin", "nx"), ["daemon", "--stop"], {
      cwd: root,
      env: { ...process.env, NX_DAEMON: "true" },
    });
    if (args.keep) console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  removeLeftCgroups();
}

/** How the measured commands load plugins: the environment wins over the copies' .env. */
function isolationNote(): string {
  const value = process.env.NX_ISOLATE_PLUGINS;
  return value === undefined
    ? "as the workspace's .env sets NX_ISOLATE_PLUGINS"
    : `NX_ISOLATE_PLUGINS=${value} from the environment`;
}

function readNxJson(root: string): { plugins?: unknown[] } {
  return JSON.parse(readFileSync(join(root, "nx.json"), "utf8")) as { plugins?: unknown[] };
}

function nxOutput(root: string, nxArguments: string[]): string {
  return execFileSync(join(root, "node_modules", ".bin", "nx"), nxArguments, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true" },
    maxBuffer: 1024 * 1024 * 512,
  });
}

function projectCount(root: string): number {
  return (JSON.parse(nxOutput(root, ["show", "projects", "--json"])) as string[]).length;
}

/** Writes each project's targets as `source` infers them into `target`'s project.json files. */
function writeStaticTargets(source: string, target: string) {
  const graph = projectGraph(source);
  for (const [name, node] of Object.entries(graph.graph.nodes)) {
    const { root, targets, implicitDependencies } = node.data;
    writeFileSync(
      join(target, root, "project.json"),
      JSON.stringify({ name, root, targets, implicitDependencies }, null, 2),
    );
  }
  const targetNames = (root: string) =>
    JSON.stringify(
      Object.entries(projectGraph(root).graph.nodes)
        .map(([name, node]) => [name, Object.keys(node.data.targets ?? {}).sort()])
        .sort(),
    );
  if (targetNames(source) !== targetNames(target)) {
    throw new Error("The project.json copy does not have the plugin's targets.");
  }
}

function projectGraph(root: string) {
  const graphFile = join(root, ".nx", "bench-graph.json");
  nxOutput(root, ["graph", `--file=${graphFile}`]);
  return JSON.parse(readFileSync(graphFile, "utf8")) as {
    graph: {
      nodes: Record<
        string,
        { data: { root: string; targets?: unknown; implicitDependencies?: unknown } }
      >;
    };
  };
}
