#!/usr/bin/env node
// @ts-check
/**
 * Times offline evaluations of @acme/sst-offline's test fixtures: median of N runs per fixture,
 * with the runner's step breakdown. (Was packages/sst-offline/scripts/measure.mjs.)
 *
 * Usage: node bench/evaluation-fixtures.mjs [--runs 5] [--fixtures function-url,full]
 */
import { fileURLToPath } from "node:url";
import {
  currentRunner,
  parseArgs,
  resolvePlatform,
  STEPS,
  summary,
  table,
  timeEvaluation,
} from "./lib/measure.mjs";

const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 5);
const fixtures =
  typeof args.fixtures === "string" ? args.fixtures.split(",") : ["function-url", "full"];

const runner = await currentRunner();
const rows = [["fixture", "resources", "median s", "min s", "max s", ...Object.keys(STEPS)]];
for (const name of fixtures) {
  const appDir = fileURLToPath(
    new URL(`../packages/sst-offline/src/__fixtures__/${name}`, import.meta.url),
  );
  const platformDir = resolvePlatform(appDir).dir;
  const timings = Array.from({ length: runs }, () =>
    timeEvaluation({ appDir, platformDir, runner }),
  );
  const total = summary(timings.map((timing) => timing.ms));
  rows.push([
    name,
    String(timings[0]?.resources ?? 0),
    ...[total.median, total.min, total.max].map((ms) => (ms / 1000).toFixed(2)),
    ...Object.keys(STEPS).map((step) =>
      (summary(timings.map((timing) => timing.steps[step] ?? 0)).median / 1000).toFixed(2),
    ),
  ]);
}
console.log(`${runs} runs each; breakdown columns are medians in s.\n${table(rows)}`);
