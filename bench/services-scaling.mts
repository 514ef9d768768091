#!/usr/bin/env node
/**
 * The marginal cost of one more service in `npm test`: the services' `npm test` targets run with
 * Nx's cache skipped in a temporary copy of the workspace holding 3 services (the examples), then
 * holding N (the examples plus generated http services). Marginal cost = (time at N - time at 3)
 * / (N - 3), in wall time and in CPU time (user + system of every process Nx started: the figure
 * the load of a shared machine changes least).
 *
 * Variants, run side by side at each size (their order alternates from one size, and one
 * repeat, to the next):
 * - `before`: Nx's batch mode off (`--batch=false`): every typecheck is its own `tsc -p`, as the
 *   target ran before the platform's typecheck executor (issue 12, part 3);
 * - `now`: as `npm test` runs it (the typecheck executor prefers batch mode: one `tsc -b`).
 * - with `--each-evaluates`, also `each target evaluates`: `--exclude-task-dependencies` (no
 *   `evaluate` first), as before the `evaluate` target (issue 12, part 2).
 *
 * Services are generated with the platform's own generator (`generateServices`, lib/services.mts:
 * `serviceGenerator()` on one Nx tree in one child process), then linked to the shared SST
 * platform (`sst-install.mjs`). Before each run the services' kept evaluations are
 * removed, so that every run starts from a change. Only the services' targets run (`-p
 * tag:type:service`): the packages' checks cost the same at any N.
 *
 * Usage: node --import tsx bench/services-scaling.mts [--sizes 10,50] [--runs 1]
 *   [--targets lint,...] [--each-evaluates] [--keep]
 *   (each size is a total number of services, more than the 3 examples, so at least 4;
 *   the machine has 2 cores: 50 services take many minutes per case.)
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  loadAverage,
  machineNote,
  parseArgs,
  ratio,
  runCommand,
  stopwatch,
  summary,
  table,
} from "./lib/measure.mts";
import { childrenCpuSeconds, createCopy, EXAMPLES, growTo } from "./lib/workspace-copy.mts";

const args = parseArgs(process.argv.slice(2));
const sizes = (typeof args.sizes === "string" ? args.sizes : "10").split(",").map(Number);
const runs = Number(args.runs ?? 1);
const targets =
  typeof args.targets === "string"
    ? args.targets
    : "lint,format-check,typecheck,test,build,platform-check,policy,template-check";
if (sizes.some((n, index) => !Number.isInteger(n) || n <= (sizes[index - 1] ?? EXAMPLES))) {
  console.error(
    `--sizes takes increasing whole numbers of services above the ${EXAMPLES} examples (services are only added), e.g. --sizes 10 or --sizes 10,50; the smallest is ${EXAMPLES + 1}.`,
  );
  process.exit(2);
}

/** The variants: the extra arguments of `nx run-many`. The first is the baseline of the ratios. */
const variants: Record<string, string[]> = {
  before: ["--batch=false"],
  now: [],
  ...(args["each-evaluates"] ? { "each target evaluates": ["--exclude-task-dependencies"] } : {}),
};
const names = Object.keys(variants);

const loadBefore = loadAverage();
const elapsed = stopwatch();
/** Seconds by variant, size: wall and CPU of each repeat. */
const samples: Record<string, Record<number, { wall: number[]; cpu: number[] }>> = {};
const root = createCopy();
let turn = 0;
try {
  for (const count of [EXAMPLES, ...sizes]) {
    growTo(root, count);
    // The first `nx` run in the copy builds Nx's graph and caches; keep it out of the figures.
    if (count === EXAMPLES) runOnce(root, []);
    for (let run = 0; run < runs; run++) {
      const order = turn++ % 2 ? [...names].reverse() : names;
      for (const name of order) {
        const sample = runOnce(root, variants[name] ?? []);
        samples[name] ??= {};
        samples[name][count] ??= { wall: [], cpu: [] };
        samples[name][count].wall.push(sample.wall);
        samples[name][count].cpu.push(sample.cpu);
        console.error(
          `${count} services, ${name}: wall ${sample.wall.toFixed(1)} s, CPU ${sample.cpu.toFixed(1)} s`,
        );
      }
    }
  }
} finally {
  if (args.keep) console.error(`Kept the copy: ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
console.log(`nx run-many -t ${targets} -p tag:type:service --skip-nx-cache, from a change\n`);
console.log(table(marginalRows()));
console.log(
  `\n${runs} run(s) per variant and size, medians; ${(elapsed() / 1000).toFixed(0)} s in all. ${machineNote(loadBefore)}`,
);

/** One `nx run-many` of the services' targets from a change: wall and CPU seconds. */
function runOnce(copy: string, extraArgs: string[]): { wall: number; cpu: number } {
  for (const service of readdirSync(join(copy, "apps"))) {
    rmSync(join(copy, "apps", service, ".sst", "offline"), { recursive: true, force: true });
  }
  const nxArgs = ["run-many", "-t", targets, "-p", "tag:type:service", "--skip-nx-cache"];
  const cpuBefore = childrenCpuSeconds();
  const { ms } = runCommand(join(copy, "node_modules", ".bin", "nx"), [...nxArgs, ...extraArgs], {
    cwd: copy,
    env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true" },
  });
  return { wall: ms / 1000, cpu: childrenCpuSeconds() - cpuBefore };
}

/** Per size: each variant's wall and CPU; per size above 3, the marginal costs and their ratio. */
function marginalRows(): string[][] {
  const header = ["services", "variant", "wall s", "CPU s", "marginal wall s/service"];
  const rows = [[...header, "× before", "marginal CPU s/service", "× before"]];
  const median = (name: string, count: number, key: "wall" | "cpu") =>
    summary(samples[name]?.[count]?.[key] ?? [0]).median;
  const marginal = (name: string, count: number, key: "wall" | "cpu") =>
    (median(name, count, key) - median(name, EXAMPLES, key)) / (count - EXAMPLES);
  for (const count of [EXAMPLES, ...sizes]) {
    for (const name of names) {
      const row = [
        String(count),
        name,
        median(name, count, "wall").toFixed(1),
        median(name, count, "cpu").toFixed(1),
      ];
      if (count !== EXAMPLES) {
        const base = names[0] as string;
        row.push(
          marginal(name, count, "wall").toFixed(2),
          ratio(marginal(name, count, "wall"), marginal(base, count, "wall")),
          marginal(name, count, "cpu").toFixed(2),
          ratio(marginal(name, count, "cpu"), marginal(base, count, "cpu")),
        );
      }
      rows.push(row);
    }
  }
  return rows;
}
