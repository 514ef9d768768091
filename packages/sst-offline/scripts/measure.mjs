#!/usr/bin/env node
// @ts-check
/**
 * Times evaluations: median of N runs per fixture, with the runner's step breakdown.
 * Usage: node scripts/measure.mjs [runs=5] [fixture...]   (default fixtures: function-url full)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { RUNNER } from "../src/evaluate.mjs";
import { resolvePlatform } from "../src/platform.mjs";

const [runsArg, ...names] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const fixtures = names.length > 0 ? names : ["function-url", "full"];

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

for (const name of fixtures) {
  const appDir = fileURLToPath(new URL(`../src/__fixtures__/${name}`, import.meta.url));
  const platformDir = resolvePlatform(appDir).dir;
  /** @type {number[]} */
  const totals = [];
  /** @type {Record<string, number[]>} */
  const steps = {};
  let resources = 0;
  for (let run = 0; run < runs; run++) {
    const temp = mkdtempSync(join(tmpdir(), "sst-offline-measure-"));
    const resultFile = join(temp, "result.json");
    const started = performance.now();
    const child = spawnSync(
      process.execPath,
      [RUNNER, JSON.stringify({ appDir, stage: "dev", dev: false, platformDir, resultFile })],
      { env: { ...process.env, SST_OFFLINE_TIMING: "1" }, encoding: "utf8" },
    );
    totals.push(performance.now() - started);
    for (const match of child.stderr.matchAll(/\[sst-offline\] (.+?): (\d+) ms/g)) {
      const step = /** @type {string} */ (match[1]).replace(/ \(process uptime \d+ ms\)/, "");
      const uptime = /process uptime (\d+) ms/.exec(/** @type {string} */ (match[1]));
      const value = uptime ? Number(uptime[1]) : Number(match[2]);
      const key = uptime ? "node start-up (process uptime at runner start)" : step;
      steps[key] = [...(steps[key] ?? []), value];
    }
    resources = JSON.parse(readFileSync(resultFile, "utf8")).evaluation.resources.length;
    rmSync(temp, { recursive: true, force: true });
  }
  console.log(
    `${name}: ${resources} resources, median ${Math.round(median(totals))} ms of ${runs} (${totals.map(Math.round).join(", ")})`,
  );
  for (const [step, values] of Object.entries(steps)) {
    console.log(`  ${step}: median ${median(values)} ms`);
  }
}
