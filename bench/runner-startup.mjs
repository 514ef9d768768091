#!/usr/bin/env node
// @ts-check
/**
 * What it costs to start the evaluator's child process (the runner) before it evaluates anything:
 * Node loading the runner and every module it imports, then exiting on a missing argument. Compares
 * the ways of running a TypeScript runner, measured alternately in the same run:
 * - `compiled`: the runner as `evaluate()` starts it (bundled once by esbuild, cached; plain node);
 * - `tsx`: the TypeScript source through tsx's loader (`node --import tsx runner.ts`);
 * - `--against <ref>`: another revision's runner (main's was plain `.mjs` modules);
 * - `node -e 0`: Node's own start-up, the floor.
 *
 * Usage: node bench/runner-startup.mjs [--runs 21] [--against main]
 */
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { currentRunner, parseArgs, runnerAt, summary, table } from "./lib/measure.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TEMP = join(ROOT, "packages", "sst-offline", ".bench-tmp", "runner-startup");
const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 21);
if (!Number.isInteger(runs) || runs < 1 || args.against === true) {
  console.error("Usage: node bench/runner-startup.mjs [--runs N] [--against <git ref>]");
  process.exit(2);
}

/** @type {[string, string[]][]} */
const variants = [
  ["node -e 0", ["-e", "0"]],
  ["compiled (evaluate())", [await currentRunner()]],
  ["tsx", ["--import", "tsx", join(ROOT, "packages", "sst-offline", "src", "runner", "runner.ts")]],
];
try {
  if (typeof args.against === "string") {
    variants.push([`${args.against}`, [await runnerAt(args.against, TEMP)]]);
  }
  const before = loadavg()[0] ?? 0;
  /** @type {number[][]} */
  const times = variants.map(() => []);
  for (let run = 0; run < runs; run++) {
    variants.forEach(([, argv], index) => {
      const started = performance.now();
      spawnSync(process.execPath, argv, { cwd: ROOT, stdio: "ignore" });
      times[index]?.push(performance.now() - started);
    });
  }
  const compiled = summary(times[1] ?? []).median;
  const rows = [["runner", "median ms", "min ms", "max ms", "× compiled"]];
  variants.forEach(([name], index) => {
    const { median, min, max } = summary(times[index] ?? []);
    rows.push([
      name,
      median.toFixed(0),
      min.toFixed(0),
      max.toFixed(0),
      (median / compiled).toFixed(2),
    ]);
  });
  console.log(table(rows));
  console.log(
    `\n${runs} runs each, alternating. Machine: ${cpus().length} cores, Node ${process.versions.node}; load average ${before.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after.`,
  );
} finally {
  rmSync(TEMP, { recursive: true, force: true });
}
