#!/usr/bin/env node
/**
 * Where a service's time goes in `npm test`: each of the services' `npm test` targets run alone
 * over N services (`nx run-many -t <target> -p tag:type:service --skip-nx-cache`) in a temporary
 * copy of the workspace, with its wall time and the CPU time (user + system) of every process it
 * started, per service. `evaluate` runs first (from a change: the kept evaluations removed); the
 * other targets run with `--exclude-task-dependencies`, reading the evaluations it kept, so each
 * row is that target's own cost. Rounds alternate the targets' order.
 *
 * CPU time is that of every process the command starts, Nx's detached plugin workers included
 * (lib/command-cpu.mts; before 2026-11-30 late evening only those waited for), so it counts
 * Nx's own start-up too; the `nx-start` row (`nx show projects`) is that share.
 *
 * With `--against <git ref>`, a second copy holds the workspace as it was at that commit (same
 * node_modules), and every round measures both copies, alternating which goes first; the table
 * then gives each target's CPU time in both and their ratio.
 *
 * Usage: node --import tsx bench/service-targets.mts [--services 10] [--runs 1]
 *   [--targets evaluate,lint,...] [--against main] [--keep]
 */
import { readdirSync, rmSync } from "node:fs";
import { ratio } from "./lib/report.mts";
import { join } from "node:path";
import {
  countCpu,
  cpuMethod,
  loadAverage,
  machineNote,
  parseArgs,
  removeLeftCgroups,
  runCommand,
  stopwatch,
  summary,
  table,
} from "./lib/measure.mts";
import { createCopy, EXAMPLES, growTo } from "./lib/workspace-copy.mts";

const args = parseArgs(process.argv.slice(2));
const services = Number(args.services ?? 10);
const runs = Number(args.runs ?? 1);
const targets = (
  typeof args.targets === "string"
    ? args.targets
    : "evaluate,lint,format-check,typecheck,test,build,platform-check,policy,template-check"
).split(",");
if (!Number.isInteger(services) || services < EXAMPLES) {
  console.error(`--services takes a whole number of services, at least the ${EXAMPLES} examples.`);
  process.exit(2);
}

const against = typeof args.against === "string" ? args.against : undefined;

const loadBefore = loadAverage();
const elapsed = stopwatch();
/** Samples per copy ("this tree", and the `--against` ref), then per target. */
const samplesOf: Record<string, Record<string, { wall: number[]; cpu: number[] }>> = {};
const copies: { label: string; root: string }[] = [];
try {
  copies.push({ label: "this tree", root: createCopy("shipyard-bench-targets-") });
  if (against) {
    copies.push({ label: against, root: createCopy("shipyard-bench-targets-ref-", against) });
  }
  for (const { root } of copies) {
    growTo(root, services);
    nx(root, ["show", "projects"]); // the first run builds Nx's graph and caches
  }
  for (let run = 0; run < runs; run++) {
    // `evaluate` first every round: the other targets read the evaluations it keeps.
    const others = targets.filter((target) => target !== "evaluate");
    const order = ["evaluate", "nx-start", ...(run % 2 ? [...others].reverse() : others)];
    for (const { label, root } of run % 2 ? [...copies].reverse() : copies) {
      samplesOf[label] ??= {};
      const samples = samplesOf[label];
      for (const target of order) {
        const sample = measure(root, target, targets.includes(target) || target === "nx-start");
        if (!sample) continue;
        samples[target] ??= { wall: [], cpu: [] };
        samples[target].wall.push(sample.wall);
        samples[target].cpu.push(sample.cpu);
        console.error(
          `${label} ${target}: wall ${sample.wall.toFixed(1)} s, CPU ${sample.cpu.toFixed(1)} s`,
        );
      }
    }
  }
} finally {
  for (const { root } of copies) {
    if (args.keep) console.error(`Kept the copy: ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  removeLeftCgroups();
}
const samples = samplesOf["this tree"] ?? {};

console.log(
  `${services} services, each target alone: nx run-many -t <target> -p tag:type:service --skip-nx-cache\n`,
);
const rows = [["target", "wall s", "CPU s", "wall s/service", "CPU s/service", "CPU share"]];
const totalCpu = targets.reduce(
  (sum, t) => sum + (samples[t] ? summary(samples[t].cpu).median : 0),
  0,
);
for (const target of ["nx-start", ...targets]) {
  const sample = samples[target];
  if (!sample) continue;
  const wall = summary(sample.wall).median;
  const cpu = summary(sample.cpu).median;
  rows.push([
    target,
    wall.toFixed(1),
    cpu.toFixed(1),
    (wall / services).toFixed(2),
    (cpu / services).toFixed(2),
    target === "nx-start" ? "" : `${((cpu / totalCpu) * 100).toFixed(0)} %`,
  ]);
}
console.log(table(rows));
if (against) {
  const reference = samplesOf[against] ?? {};
  const cpuOf = (of: typeof samples, target: string) =>
    of[target] ? summary(of[target].cpu).median : Number.NaN;
  const compared = [["target", `CPU s, ${against}`, "CPU s, this tree", "this tree / ref"]];
  for (const target of ["nx-start", ...targets]) {
    const ref = cpuOf(reference, target);
    const now = cpuOf(samples, target);
    compared.push([target, ref.toFixed(1), now.toFixed(1), ratio(now, ref)]);
  }
  console.log(`\nThe same targets in a copy of ${against}, measured in the same rounds:\n`);
  console.log(table(compared));
}
console.log(
  `\n${runs} run(s); ${(elapsed() / 1000).toFixed(0)} s in all. CPU: ${cpuMethod()}. ${machineNote(loadBefore)}`,
);

/** One target over the services: wall and children's CPU seconds (undefined if not reported). */
function measure(copy: string, target: string, report: boolean) {
  if (target === "evaluate") {
    for (const service of readdirSync(join(copy, "apps"))) {
      rmSync(join(copy, "apps", service, ".sst", "offline"), { recursive: true, force: true });
    }
  }
  const nxArgs =
    target === "nx-start"
      ? ["show", "projects"]
      : ["run-many", "-t", target, "-p", "tag:type:service", "--skip-nx-cache"];
  if (target !== "evaluate" && target !== "nx-start") nxArgs.push("--exclude-task-dependencies");
  // Every process the command starts, Nx's detached plugin workers included.
  const { value: ms, stop } = countCpu(() => nx(copy, nxArgs));
  const cpu = stop().cpuMs / 1000;
  return report ? { wall: ms / 1000, cpu } : undefined;
}

function nx(copy: string, nxArgs: string[]): number {
  return runCommand(join(copy, "node_modules", ".bin", "nx"), nxArgs, {
    cwd: copy,
    env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true" },
  }).ms;
}
