#!/usr/bin/env node
/**
 * The marginal cost of one more service in `npm test`: the services' `npm test` targets run with
 * Nx's cache skipped in a temporary copy of the workspace holding 3 services (the examples), then
 * holding N (the examples plus generated http services), as Nx runs them now (every evaluating
 * target after the service's `evaluate`) and as before (`--exclude-task-dependencies`: each
 * target evaluates for itself). Marginal cost = (time at N - time at 3) / (N - 3).
 *
 * Services are generated with the platform's own generator (`generateServices`, lib/services.mts:
 * `serviceGenerator()` on one Nx tree in one child process), then linked to the shared SST
 * platform (`sst-install.mjs`). Before each run the services' kept evaluations are
 * removed, so that every run starts from a change. Only the services' targets run (`-p
 * tag:type:service`): the packages' checks cost the same at any N.
 *
 * Usage: node --import tsx bench/services-scaling.mts [--sizes 10] [--targets lint,...] [--keep]
 *   (each size is a total number of services, more than the 3 examples, so at least 4;
 *   `--sizes 10,50`: the machine has 2 cores, 50 services take many minutes per case.)
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
  table,
} from "./lib/measure.mts";
import { createCopy, EXAMPLES, growTo } from "./lib/workspace-copy.mts";

const args = parseArgs(process.argv.slice(2));
const sizes = (typeof args.sizes === "string" ? args.sizes : "10").split(",").map(Number);
const targets =
  typeof args.targets === "string"
    ? args.targets
    : "lint,format-check,typecheck,test,build,platform-check,policy";
if (sizes.some((n, index) => !Number.isInteger(n) || n <= (sizes[index - 1] ?? EXAMPLES))) {
  console.error(
    `--sizes takes increasing whole numbers of services above the ${EXAMPLES} examples (services are only added), e.g. --sizes 10 or --sizes 10,50; the smallest is ${EXAMPLES + 1}.`,
  );
  process.exit(2);
}

const loadBefore = loadAverage();
const elapsed = stopwatch();
const times: Record<"before" | "now", Record<number, number>> = { before: {}, now: {} };
const root = createCopy();
try {
  for (const count of [EXAMPLES, ...sizes]) {
    growTo(root, count);
    // The first `nx` run in the copy builds Nx's graph and caches; keep it out of the figures.
    if (count === EXAMPLES) runOnce(root, true);
    times.before[count] = runOnce(root, false);
    times.now[count] = runOnce(root, true);
    console.error(
      `${count} services: before ${seconds(times.before[count])} s, now ${seconds(times.now[count])} s`,
    );
  }
} finally {
  if (args.keep) console.error(`Kept the copy: ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
console.log(`nx run-many -t ${targets} -p tag:type:service --skip-nx-cache, from a change\n`);
console.log(table(marginalRows()));
console.log(`\n${(elapsed() / 1000).toFixed(0)} s in all. ${machineNote(loadBefore)}`);

/** One `nx run-many` of the services' targets from a change; its wall time in ms. */
function runOnce(copy: string, evaluateFirst: boolean): number {
  for (const service of readdirSync(join(copy, "apps"))) {
    rmSync(join(copy, "apps", service, ".sst", "offline"), { recursive: true, force: true });
  }
  const nxArgs = ["run-many", "-t", targets, "-p", "tag:type:service", "--skip-nx-cache"];
  if (!evaluateFirst) nxArgs.push("--exclude-task-dependencies");
  return runCommand(join(copy, "node_modules", ".bin", "nx"), nxArgs, {
    cwd: copy,
    env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true" },
  }).ms;
}

/** The table: time at each size, and the marginal cost of a service over the examples alone. */
function marginalRows(): string[][] {
  const rows = [
    [
      "services",
      "before s",
      "now s",
      "marginal before s/service",
      "marginal now s/service",
      "× before",
    ],
  ];
  const baseBefore = times.before[EXAMPLES] ?? 0;
  const baseNow = times.now[EXAMPLES] ?? 0;
  rows.push([String(EXAMPLES), seconds(baseBefore), seconds(baseNow), "", "", ""]);
  for (const count of sizes) {
    const before = times.before[count] ?? 0;
    const now = times.now[count] ?? 0;
    const marginalBefore = (before - baseBefore) / (count - EXAMPLES);
    const marginalNow = (now - baseNow) / (count - EXAMPLES);
    rows.push([
      String(count),
      seconds(before),
      seconds(now),
      (marginalBefore / 1000).toFixed(2),
      (marginalNow / 1000).toFixed(2),
      ratio(marginalNow, marginalBefore),
    ]);
  }
  return rows;
}

function seconds(ms: number | undefined): string {
  return ((ms ?? 0) / 1000).toFixed(1);
}
