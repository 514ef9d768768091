#!/usr/bin/env node
/**
 * How the pipeline scales with the number of services (issue 13): a synthetic workspace of N
 * services, made with the real service generator in a temporary copy of this workspace, and
 * measured there:
 *
 * - the project graph, cold (no .nx/workspace-data) and warm: `nx show projects`;
 * - `shipyard-ci plan` (Nx's task-level affected, and the shard plan) for a change to one service,
 *   to a shared package (`@acme/runtime`), and for a newly generated service;
 * - the number of tasks each selects and their CPU time, from per-task costs measured here on two
 *   generated services (an http and a worker; `NX_PROFILE`, one task at a time, no cache);
 * - the wall time the shard plan predicts on N = 1, 4, 16, 64 machines (longest job plus each
 *   job's start-up), against one machine.
 *
 * The services are generated in one process (`generateServices`, lib/services.mts):
 * `serviceGenerator()` called N times on one Nx tree, flushed to disk once (not N `nx g`
 * processes), then `npm install --package-lock-only` writes the lockfile as `nx g` would.
 *
 * Usage: node --import tsx bench/ci-scale.mts [--services 100,500] [--keep]
 * Run it on an idle machine; the load average is printed with each table.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { copyWorkspace } from "@acme/workspace-copy";
import * as ci from "../tools/ci/src/index.ts";
import { loadAverage, machineNote, runCommand, table, timed } from "./lib/measure.mts";
import { generateServices } from "./lib/services.mts";

const MACHINES = [1, 4, 16, 64];
const KINDS = ["http", "worker", "cron"] as const;

const { values: args } = parseArgs({
  options: {
    services: { type: "string", default: "100,500" },
    keep: { type: "boolean", default: false },
  },
});

const sizes = String(args.services)
  .split(",")
  .map((n) => Number(n));
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error("--services takes positive whole numbers, e.g. --services 100,500");
  process.exit(1);
}

const loadBefore = loadAverage();
console.log(`ci-scale: load average ${loadBefore.toFixed(2)} at start`);
let costs: ci.Costs | undefined;
const rows: Record<string, string>[] = [];
for (const size of sizes) rows.push(await measure(size));
console.log(`\n${transposed(rows)}\n\n${machineNote(loadBefore)}`);

async function measure(size: number): Promise<Record<string, string>> {
  const root = copyOfWorkspace();
  try {
    console.log(`\n== ${size} services in ${root}`);
    const generated = timed(() => generateServices(root, services(size)));
    const lock = lockfile(root);
    git(root, "add", "-A");
    git(root, "commit", "-qm", `${size} services`);
    console.log(`generated in ${seconds(generated.ms)} s, lockfile in ${seconds(lock.ms)} s`);

    rmSync(join(root, ".nx"), { recursive: true, force: true });
    const cold = nx(root, ["show", "projects", "--json"]);
    const warm = nx(root, ["show", "projects", "--json"]);
    const projects = JSON.parse(warm.stdout).length;
    console.log(
      `project graph: ${projects} projects, cold ${seconds(cold.ms)} s, warm ${seconds(warm.ms)} s`,
    );

    // Per-task costs do not depend on the number of services: measured once, in the first workspace.
    costs ??= measureCosts(root);
    console.log(`measured per-service cost: ${perService(costs).toFixed(1)} s`, costs.byTarget);

    const oneService = planChange(root, "one-service", costs, () =>
      append(join(root, "apps/svc-0000/src/app.ts"), "\nexport const revision = 2;\n"),
    );
    const shared = planChange(root, "shared-package", costs, () =>
      append(join(root, "packages/runtime/src/index.ts"), "\nexport const runtimeRevision = 2;\n"),
    );
    const added = planChange(root, "new-service", costs, () => {
      nx(root, [
        "g",
        "@acme/platform:service",
        "added",
        "--kind",
        "http",
        "--owner",
        "payments",
        "--no-interactive",
        "--skipInstall",
      ]);
      lockfile(root);
    });

    return {
      services: String(size),
      projects: String(projects),
      "graph cold s": seconds(cold.ms),
      "graph warm s": seconds(warm.ms),
      "per-service check cpu s": perService(costs).toFixed(1),
      ...planColumns("one service", oneService),
      ...planColumns("shared package", shared),
      ...planColumns("new service", added),
    };
  } finally {
    if (args.keep) console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

function planColumns(
  label: string,
  result: { plan: ci.Plan; ms: number; predicted: Record<number, number> },
) {
  const row: Record<string, string> = {
    [`${label}: plan s`]: seconds(result.ms),
    [`${label}: tasks`]: String(result.plan.tasks),
    [`${label}: task s`]: String(result.plan.estimatedSeconds),
  };
  for (const n of MACHINES) row[`${label}: wall on ${n}`] = `${result.predicted[n]} s`;
  return row;
}

/**
 * Commits a change on a branch from main, plans it, and predicts the wall time on each machine count.
 */
function planChange(root: string, branch: string, costs: ci.Costs, change: () => void) {
  git(root, "checkout", "-q", "-B", branch, "main");
  change();
  git(root, "add", "-A");
  git(root, "commit", "-qm", branch);
  const { ms, value: plan } = timed(() =>
    ci.runPlan(root, "main", "HEAD", { costs, maxShards: 64 }),
  );
  const predicted: Record<number, number> = {};
  // The plan's tasks, back from its runs (each run: these targets of these projects).
  const tasks = plan.shards.flatMap((shard) =>
    shard.runs.flatMap((r) =>
      r.projects.flatMap((project: string) =>
        r.targets.map((target: string) => ({
          id: `${project}:${target}`,
          project,
          target,
        })),
      ),
    ),
  );
  for (const n of MACHINES) {
    // Smallest useful share per machine, so the plan uses up to n machines.
    const shards = ci.planShards(tasks, { costs, maxShards: n, secondsPerShard: 1 });
    predicted[n] = ci.predictedWallSeconds(shards, ci.JOB_STARTUP_SECONDS);
  }
  console.log(
    `${branch}: ${plan.tasks} tasks, ${plan.estimatedSeconds} s of tasks, plan in ${seconds(ms)} s; wall on ${MACHINES.join("/")} machines: ${MACHINES.map((n) => predicted[n]).join("/")} s`,
  );
  git(root, "checkout", "-q", "main");
  return { plan, ms, predicted };
}

/** Per-task seconds of the checks, measured on two generated services with NX_PROFILE. */
function measureCosts(root: string) {
  // Nx writes NX_PROFILE relative to the workspace root.
  const profile = join(root, "tmp-profile.json");
  nx(
    root,
    [
      "run-many",
      "-t",
      ...ci.CHECK_TARGETS,
      "-p",
      "@acme/svc-0000,@acme/svc-0001",
      "--skip-nx-cache",
      "--parallel=1",
      "--output-style=static",
    ],
    { NX_PROFILE: "tmp-profile.json" },
  );
  const events = JSON.parse(readFileSync(profile, "utf8"));
  const byTarget: Record<string, number[]> = {};
  for (const event of Array.isArray(events) ? events : events.traceEvents) {
    if (event.ph !== "X" || typeof event.name !== "string") continue;
    const [project, target] = event.name.split(":");
    if (!project?.startsWith("@acme/svc-") || !target) continue;
    byTarget[target] = [...(byTarget[target] ?? []), event.dur / 1e6];
  }
  rmSync(profile, { force: true });
  const mean = (xs: number[]) =>
    Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
  return {
    ...ci.DEFAULT_COSTS,
    byTarget: {
      ...ci.DEFAULT_COSTS.byTarget,
      ...Object.fromEntries(Object.entries(byTarget).map(([t, xs]) => [t, mean(xs)])),
    },
  };
}

/** */
function perService(costs: { byTarget: Record<string, number> }) {
  return ci.CHECK_TARGETS.reduce((sum, target) => sum + (costs.byTarget[target] ?? 0), 0);
}

/** A copy of the workspace's files in a temporary git repository (node_modules linked). */
function copyOfWorkspace() {
  return copyWorkspace({
    prefix: "shipyard-ci-scale-",
    commit: { message: "copy", author: "bench" },
  });
}

function nx(root: string, argv: string[], env: Record<string, string> = {}) {
  return run(join(root, "node_modules/.bin/nx"), argv, root, {
    NX_DAEMON: "false",
    NX_NO_CLOUD: "true",
    FORCE_COLOR: "0",
    ...env,
  });
}

function run(command: string, argv: string[], cwd: string, env: Record<string, string> = {}) {
  return runCommand(command, argv, { cwd, env: { ...process.env, ...env } });
}

/** The lockfile `nx g` would write for the new workspace packages. */
function lockfile(root: string) {
  return run(
    "npm",
    ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", "--offline"],
    root,
  );
}

/** N services, http, worker and cron in turn. */
function services(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    name: `svc-${String(i).padStart(4, "0")}`,
    kind: KINDS[i % KINDS.length] ?? "http",
    owner: "payments",
    skipInstall: true,
  }));
}

function seconds(ms: number) {
  return (ms / 1000).toFixed(1);
}

function git(root: string, ...argv: string[]) {
  return execFileSync("git", argv, {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "bench",
      GIT_AUTHOR_EMAIL: "bench@example.com",
      GIT_COMMITTER_NAME: "bench",
      GIT_COMMITTER_EMAIL: "bench@example.com",
    },
  });
}

function append(file: string, text: string) {
  writeFileSync(file, readFileSync(file, "utf8") + text);
}

/** One column per workspace size, one line per measure. */
function transposed(rows: Record<string, string>[]) {
  return table(
    Object.keys(rows[0] ?? {}).map((key) => [key, ...rows.map((row) => row[key] ?? "")]),
  );
}
