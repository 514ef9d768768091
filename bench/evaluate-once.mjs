#!/usr/bin/env node
// @ts-check
/**
 * Evaluate once (issue 12, point 2): what a change to a service costs its evaluating targets when
 * each evaluates on its own, against one `sst-offline evaluate` whose kept result the others read.
 * Measured alternately in the same run, in a real service folder (default apps/orders):
 *
 * - each evaluates: `sst-offline plan --fresh`, `types --check --fresh`, `build --fresh`
 *   (3 evaluations, as the targets ran before the artifact);
 * - evaluate once: `sst-offline evaluate --fresh` (1 evaluation), then `plan`, `types --check`,
 *   `build`, which read `.sst/offline/dev.json`.
 *
 * The platform check and the infra tests call the same `evaluate()`, so they read it too (not
 * timed here: they belong to other packages). Writes the service's dist/ and .sst/offline/ (both
 * git-ignored), as the targets do.
 *
 * Usage: node bench/evaluate-once.mjs [--runs 3] [--app apps/orders]
 */
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, summary, table, timeCommand } from "./lib/measure.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "packages", "sst-offline", "bin", "sst-offline.mjs");
const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 3);
const appDir = resolve(ROOT, typeof args.app === "string" ? args.app : "apps/orders");
if (!Number.isInteger(runs) || runs < 1) {
  console.error("Usage: node bench/evaluate-once.mjs [--runs N] [--app <service dir>]");
  process.exit(2);
}

/** @type {[string, string[][]][]} */
const flows = [
  [
    "each evaluates (3 evaluations)",
    [
      ["plan", "--fresh"],
      ["types", "--check", "--fresh"],
      ["build", "--fresh"],
    ],
  ],
  [
    "evaluate once (1 evaluation)",
    [["evaluate", "--fresh"], ["plan"], ["types", "--check"], ["build"]],
  ],
];

const before = loadavg()[0] ?? 0;
/** @type {number[][]} */
const times = flows.map(() => []);
for (let run = 0; run < runs; run++) {
  flows.forEach(([, commands], index) => {
    let total = 0;
    for (const command of commands) {
      total += timeCommand(process.execPath, [BIN, ...command], { cwd: appDir });
    }
    times[index]?.push(total);
    process.stderr.write(".");
  });
}
process.stderr.write("\n");
const baseline = summary(times[0] ?? []).median;
const rows = [["flow", "median s", "min s", "max s", "× each evaluates"]];
flows.forEach(([name], index) => {
  const { median, min, max } = summary(times[index] ?? []);
  rows.push([
    name,
    (median / 1000).toFixed(2),
    (min / 1000).toFixed(2),
    (max / 1000).toFixed(2),
    (median / baseline).toFixed(2),
  ]);
});
console.log(table(rows));
console.log(
  `\n${appDir}: ${runs} runs each, alternating; each command is a fresh \`sst-offline\` process (tsx start-up included). Machine: ${cpus().length} cores, Node ${process.versions.node}; load average ${before.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after.`,
);
