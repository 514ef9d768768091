#!/usr/bin/env node
/**
 * Where the wall time of `npm test` goes over N services, batch by batch: the services' `npm
 * test` targets (`nx run-many -t <the copy's npm test targets> -p tag:type:service
 * --skip-nx-cache`, from a change: the kept evaluations removed first) in a temporary copy of the
 * workspace grown to N services, with the process tree sampled (lib/process-tree.mts). Nx runs
 * one batch at a time, so a batch that keeps one core busy on a two-core machine leaves the other
 * idle, or to other work; each batch's CPU time over its wall time says how many cores it used,
 * beside how busy the whole machine was meanwhile (2.00 on a two-core machine means no core was
 * free: then a batch's share also depends on what else runs).
 *
 * With `--against <git ref>`, a second copy holds the workspace at that commit (same
 * node_modules, grown by this tree's generator to the same services), and the rounds alternate
 * which copy runs first. Wall and CPU time (of every process the run starts, Nx's detached plugin
 * workers included: lib/command-cpu.mts) are printed side by side, with the load average at the
 * start of each run.
 *
 * Usage: node --import tsx bench/batch-cores.mts [--services 10] [--runs 2] [--against main]
 *   [--targets lint,...] [--keep]
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  countCpu,
  cpuMethod,
  loadAverage,
  machineNote,
  parseArgs,
  ratioTable,
  removeLeftCgroups,
  type Sampled,
  stopwatch,
  summary,
  table,
} from "./lib/measure.mts";
import { nxPhases, type Phase, runSampled } from "./lib/process-tree.mts";
import { createCopy, EXAMPLES, growTo, npmTestTargets } from "./lib/workspace-copy.mts";

const args = parseArgs(process.argv.slice(2));
const services = Number(args.services ?? 10);
const runs = Number(args.runs ?? 2);
const against = typeof args.against === "string" ? args.against : undefined;
if (!Number.isInteger(services) || services < EXAMPLES) {
  console.error(`--services takes a whole number of services, at least the ${EXAMPLES} examples.`);
  process.exit(2);
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error("--runs takes a whole number of runs per copy, at least 1.");
  process.exit(2);
}

interface Copy {
  label: string;
  root: string;
  targets: string[];
  wall: number[];
  cpu: number[];
  phases: Phase[][];
}

const loadBefore = loadAverage();
const elapsed = stopwatch();
const copies: Copy[] = [];
const log: string[][] = [["run", "copy", "wall s", "CPU s", "load at start"]];
try {
  const made = [{ label: "this tree", root: createCopy("shipyard-bench-cores-") }];
  if (against) {
    made.push({ label: against, root: createCopy("shipyard-bench-cores-ref-", against) });
  }
  for (const { label, root } of made) {
    growTo(root, services);
    const targets =
      typeof args.targets === "string" ? args.targets.split(",") : npmTestTargets(root);
    copies.push({ label, root, targets, wall: [], cpu: [], phases: [] });
    await nx(root, ["show", "projects"]); // the first run builds Nx's graph: not counted
  }
  for (let round = 0; round < runs; round++) {
    for (const copy of round % 2 ? [...copies].reverse() : copies) {
      for (const service of readdirSync(join(copy.root, "apps"))) {
        rmSync(join(copy.root, "apps", service, ".sst", "offline"), {
          recursive: true,
          force: true,
        });
      }
      const load = loadAverage();
      // Every process the run starts, Nx's detached plugin workers included.
      const counting = countCpu(() =>
        nx(copy.root, [
          "run-many",
          "-t",
          copy.targets.join(","),
          "-p",
          "tag:type:service",
          "--skip-nx-cache",
          "--output-style=static",
        ]),
      );
      const run = await counting.value;
      const cpu = counting.stop().cpuMs / 1000;
      if (run.code !== 0) throw new Error(`${copy.label}: nx exited ${run.code}:\n${run.output}`);
      copy.wall.push(run.wall);
      copy.cpu.push(cpu);
      copy.phases.push(nxPhases(run));
      log.push([
        String(round + 1),
        copy.label,
        run.wall.toFixed(1),
        cpu.toFixed(1),
        load.toFixed(2),
      ]);
      console.error(`${copy.label}: wall ${run.wall.toFixed(1)} s, CPU ${cpu.toFixed(1)} s`);
    }
  }
} finally {
  for (const { root } of copies) {
    if (args.keep) console.error(`Kept the copy: ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  removeLeftCgroups();
}

const baseline = copies.at(-1)?.label ?? "";
for (const copy of copies) {
  console.log(`${copy.label}: nx run-many -t ${copy.targets.join(",")} -p tag:type:service`);
}
console.log(`(${services} services, each run from a change: kept evaluations removed first)\n`);
const rows = (pick: (copy: Copy) => number[]): Sampled[] =>
  copies.map((copy) => ({
    label: copy.label,
    samples: pick(copy).map((seconds) => seconds * 1000),
    baseline,
  }));
console.log(
  ratioTable(
    rows((copy) => copy.wall),
    {
      unit: "s",
      digits: 1,
      caseHeader: "wall",
      ratioHeader: `× ${baseline}`,
    },
  ),
);
console.log(`\nCPU: ${cpuMethod()}`);
console.log(
  ratioTable(
    rows((copy) => copy.cpu),
    {
      unit: "s",
      digits: 1,
      caseHeader: "CPU",
      ratioHeader: `× ${baseline}`,
      extra: {
        headers: ["cores used (CPU / wall)"],
        cells: (row) => {
          const copy = copies.find((candidate) => candidate.label === row.label);
          return copy ? [(summary(copy.cpu).median / summary(copy.wall).median).toFixed(2)] : [""];
        },
      },
    },
  ),
);
console.log("\nEach batch (medians over the runs; CPU sampled every 0.1 s, so a little low):\n");
const phaseRows = [["copy", "batch", "wall s", "CPU s", "cores used", "machine busy cores"]];
for (const copy of copies) {
  const names = [...new Set(copy.phases.flat().map((phase) => phase.name))];
  for (const name of names) {
    const of = copy.phases.map((phases) => phases.filter((phase) => phase.name === name));
    const median = (pick: (phase: Phase) => number, mean = false) =>
      summary(
        of.map(
          (phases) =>
            phases.reduce((sum, phase) => sum + pick(phase), 0) / (mean ? phases.length : 1),
        ),
      ).median;
    const wall = median((phase) => phase.to - phase.from);
    const cpu = median((phase) => phase.cpu);
    phaseRows.push([
      copy.label,
      name,
      wall.toFixed(1),
      cpu.toFixed(1),
      (cpu / wall).toFixed(2),
      median((phase) => phase.machineCores, true).toFixed(2),
    ]);
  }
}
console.log(table(phaseRows));
console.log("\nEvery run, in order:\n");
console.log(table(log));
console.log(
  `\n${runs} run(s) per copy; ${(elapsed() / 1000).toFixed(0)} s in all. ${machineNote(loadBefore)}`,
);

function nx(root: string, nxArgs: string[]) {
  return runSampled(join(root, "node_modules", ".bin", "nx"), nxArgs, {
    cwd: root,
    env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true" },
  });
}
