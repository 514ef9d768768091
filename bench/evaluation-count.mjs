#!/usr/bin/env node
// @ts-check
/**
 * How many times one change evaluates a service's infra when Nx runs the service's `npm test`
 * targets, and what that costs: `nx run-many -t <targets> -p <service>` as Nx runs it now (every
 * target that evaluates runs after the service's `evaluate` target and reads its kept
 * evaluations), against the same tasks with `--exclude-task-dependencies` (no `evaluate` first:
 * the targets run side by side and each evaluates, as before the target existed).
 *
 * A change is simulated by removing the service's kept evaluations (`.sst/offline`, git-ignored)
 * and skipping Nx's cache, so every target runs and nothing evaluated is left over. Evaluations
 * are counted by a preload (`NODE_OPTIONS=--require`) that appends a line to a log in every
 * process started from the compiled runner (`runner-<hash>.mjs`), the one process per evaluation
 * that `evaluate()` starts. The cases alternate run by run.
 *
 * Usage: node bench/evaluation-count.mjs [--runs 1] [--service @acme/orders]
 *   [--targets typecheck,test,build,platform-check,policy]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, summary, table } from "./lib/measure.mjs";

const args = parseArgs(process.argv.slice(2));
const WORKSPACE = join(dirname(fileURLToPath(import.meta.url)), "..");
const runs = Number(args.runs ?? 1);
const service = String(args.service ?? "@acme/orders");
const targets = String(args.targets ?? "typecheck,test,build,platform-check,policy");

const temp = mkdtempSync(join(tmpdir(), "shipyard-bench-count-"));
const log = join(temp, "evaluations.log");
const preload = join(temp, "count-evaluations.cjs");
writeFileSync(
  preload,
  `if (/runner-[0-9a-f]+\\.mjs$/.test(process.argv[1] || "")) {
  require("node:fs").appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv[2] ? JSON.parse(process.argv[2]).stage : "?") + "\\n");
}
`,
);

/** The service's folder, from Nx. */
function serviceRoot() {
  const shown = spawnSync("npx", ["nx", "show", "project", service, "--json"], {
    cwd: WORKSPACE,
    encoding: "utf8",
    env: { ...process.env, NX_DAEMON: "false" },
  });
  if (shown.status !== 0) throw new Error(`nx show project ${service} failed:\n${shown.stderr}`);
  return String(JSON.parse(shown.stdout).root);
}

/**
 * One run of the targets after a simulated change: wall time and the evaluations it made.
 * @param {boolean} evaluateFirst
 * @param {string} root
 */
function runOnce(evaluateFirst, root) {
  rmSync(join(WORKSPACE, root, ".sst", "offline"), { recursive: true, force: true });
  writeFileSync(log, "");
  const nxArgs = ["nx", "run-many", "-t", targets, "-p", service, "--skip-nx-cache"];
  if (!evaluateFirst) nxArgs.push("--exclude-task-dependencies");
  const started = performance.now();
  const child = spawnSync("npx", nxArgs, {
    cwd: WORKSPACE,
    encoding: "utf8",
    env: {
      ...process.env,
      NX_DAEMON: "false",
      NX_NO_CLOUD: "true",
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${preload}`.trim(),
    },
  });
  const ms = performance.now() - started;
  if (child.status !== 0) {
    throw new Error(`${nxArgs.join(" ")} failed:\n${child.stdout}${child.stderr}`);
  }
  const stages = readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  return { ms, stages };
}

const root = serviceRoot();
const cases = [
  { name: "each target evaluates (before: --exclude-task-dependencies)", evaluateFirst: false },
  { name: "evaluate first, targets read it (now)", evaluateFirst: true },
];
/** @type {Map<string, { ms: number[], counts: number[], stages: string[] }>} */
const results = new Map(cases.map((c) => [c.name, { ms: [], counts: [], stages: [] }]));
const loadBefore = loadavg()[0];
const started = performance.now();
try {
  for (let run = 0; run < runs; run++) {
    for (const c of cases) {
      const { ms, stages } = runOnce(c.evaluateFirst, root);
      const result = results.get(c.name);
      result?.ms.push(ms);
      result?.counts.push(stages.length);
      result?.stages.push(stages.sort().join(" "));
    }
  }
} finally {
  rmSync(temp, { recursive: true, force: true });
}

const baseline = summary(results.get(cases[0]?.name ?? "")?.ms ?? []).median;
const rows = [
  ["case", "evaluations", "stages evaluated", "median s", "min s", "max s", "× before"],
];
for (const c of cases) {
  const result = results.get(c.name);
  if (!result) continue;
  const time = summary(result.ms);
  rows.push([
    c.name,
    result.counts.join(", "),
    result.stages[0] ?? "",
    (time.median / 1000).toFixed(1),
    (time.min / 1000).toFixed(1),
    (time.max / 1000).toFixed(1),
    (time.median / baseline).toFixed(2),
  ]);
}
console.log(`${service} (${root}): nx run-many -t ${targets}, after a change\n`);
console.log(table(rows));
console.log(
  `\n${runs} run(s) each, alternating. Machine: ${process.versions.node ? `Node ${process.versions.node}` : ""}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after; ${((performance.now() - started) / 1000).toFixed(0)} s in all.`,
);
