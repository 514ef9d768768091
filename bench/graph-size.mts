#!/usr/bin/env node
/**
 * What each service weighs in the project graph Nx builds, caches and (with the daemon) sends to
 * every command: for each workspace given, the size of a service's node in `nx graph --file` and
 * of its source map (`.nx/workspace-data/source-maps.json`: one entry for every key and every list
 * element of its configuration, recording which file and plugin set it), and the size of the two
 * files Nx writes for the whole graph. Sizes do not depend on the machine's load.
 *
 * With `--runs N`, it then times `nx show projects` in each workspace, alternating, daemon off and
 * on, after one unmeasured run each, and prints the medians with their ratio to the first
 * workspace's (wall time, and the CPU time of the command and its plugin workers).
 *
 * Usage: node --import tsx bench/graph-size.mts [--runs N] [--workspaces <dir>,<dir>...]
 * (workspaces or kept copies; default: this workspace. Kept copies come from
 * `bench/plugin-load.mts --keep`: one made from main with `--workspace`, and one from this branch
 * with `--services-from` the first, give a before/after with the same services.)
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  cpuMethod,
  loadAverage,
  machineNote,
  parseArgs,
  ratioTable,
  removeLeftCgroups,
  runCountingCpu,
  type Sampled,
  summary,
  table,
} from "./lib/measure.mts";

interface GraphNode {
  data: { root: string; targets?: Record<string, unknown> };
}

const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 0);
const workspaces =
  typeof args.workspaces === "string" ? args.workspaces.split(",").filter(Boolean) : [];
if (workspaces.length === 0) workspaces.push(join(dirname(fileURLToPath(import.meta.url)), ".."));

const rows = [
  [
    "workspace",
    "projects",
    "services",
    "node bytes per service",
    "source-map keys per service",
    "source-map bytes per service",
    "project-graph.json",
    "source-maps.json",
  ],
];
for (const workspace of workspaces.map((path) => resolve(path))) rows.push(measure(workspace));
console.log(table(rows));
console.log("\nMedians over the services (projects under apps/ with an sst.config.ts).");
if (runs > 0) timeShowProjects(workspaces.map((path) => resolve(path)));

/** `nx show projects` in each workspace, alternating, daemon off then on. */
function timeShowProjects(roots: string[]): void {
  const load = loadAverage();
  const wallRows: Sampled[] = [];
  const cpuRows: Sampled[] = [];
  try {
    for (const daemon of [false, true]) {
      // CPU of every process the command starts, its detached plugin workers included.
      const run = (root: string) => {
        const counted = runCountingCpu(
          join(root, "node_modules", ".bin", "nx"),
          ["show", "projects"],
          {
            cwd: root,
            env: { ...process.env, NX_DAEMON: String(daemon), NX_NO_CLOUD: "true" },
          },
        );
        return { wall: counted.ms, cpu: counted.cpuMs };
      };
      for (const root of roots) run(root);
      const wall = roots.map(() => [] as number[]);
      const cpu = roots.map(() => [] as number[]);
      for (let index = 0; index < runs; index++) {
        roots.forEach((root, position) => {
          const sample = run(root);
          wall[position]?.push(sample.wall);
          cpu[position]?.push(sample.cpu);
        });
      }
      const label = (root: string) => `daemon ${daemon ? "on" : "off"}: ${root}`;
      const first = label(roots[0] ?? "");
      roots.forEach((root, position) => {
        wallRows.push({ label: label(root), samples: wall[position] ?? [], baseline: first });
        cpuRows.push({ label: label(root), samples: cpu[position] ?? [], baseline: first });
      });
    }
  } finally {
    for (const root of roots) {
      execFileSync(join(root, "node_modules", ".bin", "nx"), ["daemon", "--stop"], {
        cwd: root,
        env: { ...process.env, NX_DAEMON: "true" },
        stdio: "ignore",
      });
    }
    removeLeftCgroups();
  }
  const header = { unit: "ms", ratioHeader: "ratio to the first" } as const;
  console.log("\nnx show projects, wall time");
  console.log(ratioTable(wallRows, header));
  console.log(`\nnx show projects, CPU time: ${cpuMethod()}`);
  console.log(ratioTable(cpuRows, header));
  console.log(`\n${runs} runs each, alternating, after one unmeasured run. ${machineNote(load)}`);
}

function measure(workspace: string): string[] {
  const out = mkdtempSync(join(tmpdir(), "shipyard-graph-size-"));
  try {
    const file = join(out, "graph.json");
    execFileSync(join(workspace, "node_modules", ".bin", "nx"), ["graph", `--file=${file}`], {
      cwd: workspace,
      env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true" },
      stdio: "ignore",
    });
    const nodes = (
      JSON.parse(readFileSync(file, "utf8")) as { graph: { nodes: Record<string, GraphNode> } }
    ).graph.nodes;
    const data = join(workspace, ".nx", "workspace-data");
    const sourceMaps = JSON.parse(readFileSync(join(data, "source-maps.json"), "utf8")) as Record<
      string,
      Record<string, unknown>
    >;
    const services = Object.values(nodes).filter(
      (node) =>
        node.data.root.startsWith("apps/") &&
        existsSync(join(workspace, node.data.root, "sst.config.ts")),
    );
    const median = (values: number[]) => String(Math.round(summary(values).median));
    return [
      workspace,
      String(Object.keys(nodes).length),
      String(services.length),
      median(services.map((node) => JSON.stringify(node).length)),
      median(services.map((node) => Object.keys(sourceMaps[node.data.root] ?? {}).length)),
      median(services.map((node) => JSON.stringify(sourceMaps[node.data.root] ?? {}).length)),
      kilobytes(statSync(join(data, "project-graph.json")).size),
      kilobytes(statSync(join(data, "source-maps.json")).size),
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function kilobytes(bytes: number): string {
  return `${Math.round(bytes / 1024)} KB`;
}
