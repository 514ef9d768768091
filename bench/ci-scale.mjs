#!/usr/bin/env node
// @ts-check
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
 * The services are generated in one process: `serviceGenerator()` called N times on one Nx tree,
 * flushed to disk once (not N `nx g` processes), then `npm install --package-lock-only` writes
 * the lockfile as `nx g` would.
 *
 * Usage: node bench/ci-scale.mjs [--services 100,500] [--keep]
 * Run it on an idle machine; the load average is printed with each table.
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const WORKSPACE = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const MACHINES = [1, 4, 16, 64];
const KINDS = ["http", "worker", "cron"];

const { values: args } = parseArgs({
  options: {
    services: { type: "string", default: "100,500" },
    keep: { type: "boolean", default: false },
    // Internal: generate services in this process (run under tsx).
    "child-generate": { type: "string" },
    count: { type: "string" },
  },
});

if (args["child-generate"]) {
  await generateInProcess(args["child-generate"], Number(args.count));
  process.exit(0);
}

const sizes = String(args.services)
  .split(",")
  .map((n) => Number(n));
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error("--services takes positive whole numbers, e.g. --services 100,500");
  process.exit(1);
}

const ci = await import("../tools/ci/src/index.ts").catch(() => {
  console.error("Run this with tsx's loader: node --import tsx bench/ci-scale.mjs");
  process.exit(1);
});

console.log(`ci-scale: ${cpus().length} cores, load average ${loadavg()[0]?.toFixed(2)} at start`);
/** @type {any} */
let costs;
/** @type {Record<string, string>[]} */
const rows = [];
for (const size of sizes) rows.push(await measure(size));
console.log(`\nload average ${loadavg()[0]?.toFixed(2)} at the end\n`);
printTable(rows);

/**
 * @param {number} size
 * @returns {Promise<Record<string, string>>}
 */
async function measure(size) {
  const root = copyWorkspace();
  try {
    console.log(`\n== ${size} services in ${root}`);
    const generated = time(() =>
      run(
        process.execPath,
        [
          "--import",
          "tsx",
          fileURLToPath(import.meta.url),
          "--child-generate",
          root,
          "--count",
          String(size),
        ],
        root,
      ),
    );
    const lock = time(() =>
      run(
        "npm",
        [
          "install",
          "--package-lock-only",
          "--ignore-scripts",
          "--no-audit",
          "--no-fund",
          "--offline",
        ],
        root,
      ),
    );
    git(root, "add", "-A");
    git(root, "commit", "-qm", `${size} services`);
    console.log(
      `generated in ${generated.wall.toFixed(1)} s, lockfile in ${lock.wall.toFixed(1)} s`,
    );

    rmSync(join(root, ".nx"), { recursive: true, force: true });
    const cold = time(() => nx(root, ["show", "projects", "--json"]));
    const warm = time(() => nx(root, ["show", "projects", "--json"]));
    const projects = JSON.parse(warm.stdout).length;
    console.log(
      `project graph: ${projects} projects, cold ${cold.wall.toFixed(1)} s, warm ${warm.wall.toFixed(1)} s`,
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
      run(
        "npm",
        [
          "install",
          "--package-lock-only",
          "--ignore-scripts",
          "--no-audit",
          "--no-fund",
          "--offline",
        ],
        root,
      );
    });

    return {
      services: String(size),
      projects: String(projects),
      "graph cold s": cold.wall.toFixed(1),
      "graph warm s": warm.wall.toFixed(1),
      "per-service check cpu s": perService(costs).toFixed(1),
      ...summary("one service", oneService),
      ...summary("shared package", shared),
      ...summary("new service", added),
    };
  } finally {
    if (args.keep) console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

/**
 * @param {string} label
 * @param {{ plan: any, seconds: { wall: number, cpu: string }, predicted: Record<number, number> }} result
 */
function summary(label, result) {
  /** @type {Record<string, string>} */
  const row = {
    [`${label}: plan s`]: result.seconds.wall.toFixed(1),
    [`${label}: tasks`]: String(result.plan.tasks),
    [`${label}: task s`]: String(result.plan.estimatedSeconds),
  };
  for (const n of MACHINES) row[`${label}: wall on ${n}`] = `${result.predicted[n]} s`;
  return row;
}

/**
 * Commits a change on a branch from main, plans it, and predicts the wall time on each machine count.
 * @param {string} root
 * @param {string} branch
 * @param {any} costs
 * @param {() => void} change
 */
function planChange(root, branch, costs, change) {
  git(root, "checkout", "-q", "-B", branch, "main");
  change();
  git(root, "add", "-A");
  git(root, "commit", "-qm", branch);
  /** @type {any} */
  let plan;
  const seconds = time(() => {
    plan = ci.runPlan(root, "main", "HEAD", { costs, maxShards: 64 });
    return { stdout: "", stderr: "" };
  });
  /** @type {Record<number, number>} */
  const predicted = {};
  // The plan's tasks, back from its runs (each run: these targets of these projects).
  const tasks = plan.shards.flatMap((/** @type {any} */ shard) =>
    shard.runs.flatMap((/** @type {any} */ r) =>
      r.projects.flatMap((/** @type {string} */ project) =>
        r.targets.map((/** @type {string} */ target) => ({
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
    `${branch}: ${plan.tasks} tasks, ${plan.estimatedSeconds} s of tasks, plan in ${seconds.wall.toFixed(1)} s; wall on ${MACHINES.join("/")} machines: ${MACHINES.map((n) => predicted[n]).join("/")} s`,
  );
  git(root, "checkout", "-q", "main");
  return { plan, seconds, predicted };
}

/**
 * Per-task seconds of the checks, measured on two generated services with NX_PROFILE.
 * @param {string} root
 */
function measureCosts(root) {
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
  /** @type {Record<string, number[]>} */
  const byTarget = {};
  for (const event of Array.isArray(events) ? events : events.traceEvents) {
    if (event.ph !== "X" || typeof event.name !== "string") continue;
    const [project, target] = event.name.split(":");
    if (!project?.startsWith("@acme/svc-") || !target) continue;
    byTarget[target] = [...(byTarget[target] ?? []), event.dur / 1e6];
  }
  rmSync(profile, { force: true });
  const mean = (/** @type {number[]} */ xs) =>
    Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
  return {
    ...ci.DEFAULT_COSTS,
    byTarget: {
      ...ci.DEFAULT_COSTS.byTarget,
      ...Object.fromEntries(Object.entries(byTarget).map(([t, xs]) => [t, mean(xs)])),
    },
  };
}

/** @param {{ byTarget: Record<string, number> }} costs */
function perService(costs) {
  return ci.CHECK_TARGETS.reduce((sum, target) => sum + (costs.byTarget[target] ?? 0), 0);
}

/**
 * Runs in a child process under tsx (which maps the `.js` imports of TypeScript sources, as Nx does): the generator N
 * times on one FsTree, then one flush.
 * @param {string} root
 * @param {number} count
 */
async function generateInProcess(root, count) {
  const require = createRequire(join(root, "tools/platform/package.json"));
  const { FsTree, flushChanges } = require("nx/src/generators/tree");
  const { serviceGenerator } = require(
    join(root, "tools/platform/src/generators/service/generator.ts"),
  );
  const tree = new FsTree(root, false);
  for (let i = 0; i < count; i++) {
    await serviceGenerator(tree, {
      name: `svc-${String(i).padStart(4, "0")}`,
      kind: /** @type {any} */ (KINDS[i % KINDS.length]),
      owner: "payments",
      skipInstall: true,
    });
  }
  flushChanges(root, tree.listChanges());
}

/** A copy of the workspace's files in a temporary git repository (node_modules linked). */
function copyWorkspace() {
  const root = mkdtempSync(join(tmpdir(), "shipyard-ci-scale-"));
  const files = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: WORKSPACE, encoding: "utf8" },
  )
    .split("\0")
    .filter((file) => file && existsSync(join(WORKSPACE, file)));
  const tar = spawnSync("tar", ["-cf", "-", "--null", "-T", "-"], {
    cwd: WORKSPACE,
    input: files.join("\0"),
    maxBuffer: 1024 ** 3,
  });
  execFileSync("tar", ["-xf", "-"], { cwd: root, input: tar.stdout });
  symlinkSync(join(WORKSPACE, "node_modules"), join(root, "node_modules"));
  mkdirSync(join(root, "packages/infra"), { recursive: true });
  symlinkSync(join(WORKSPACE, "packages/infra/.sst"), join(root, "packages/infra/.sst"));
  git(root, "init", "-q", "-b", "main");
  git(root, "add", "-A");
  git(root, "commit", "-qm", "copy");
  return root;
}

/**
 * @param {string} root
 * @param {string[]} argv
 * @param {Record<string, string>} [env]
 */
function nx(root, argv, env = {}) {
  return run(join(root, "node_modules/.bin/nx"), argv, root, {
    NX_DAEMON: "false",
    NX_NO_CLOUD: "true",
    FORCE_COLOR: "0",
    ...env,
  });
}

/**
 * Runs a command under /usr/bin/time (when present) to get its CPU time; throws on failure.
 * @param {string} command
 * @param {string[]} argv
 * @param {string} cwd
 * @param {Record<string, string>} [env]
 * @returns {{ stdout: string, stderr: string, cpu?: string }}
 */
function run(command, argv, cwd, env = {}) {
  const timed = existsSync("/usr/bin/time");
  const result = spawnSync(
    timed ? "/usr/bin/time" : command,
    timed ? ["-f", "cpu=%U+%S", command, ...argv] : argv,
    {
      cwd,
      encoding: "utf8",
      env: { ...process.env, ...env },
      maxBuffer: 1024 ** 3,
    },
  );
  if (result.status !== 0)
    throw new Error(`${command} ${argv.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  const cpu = /cpu=([\d.]+)\+([\d.]+)\s*$/.exec(result.stderr);
  return {
    stdout: result.stdout,
    stderr: result.stderr,
    cpu: cpu ? (Number(cpu[1]) + Number(cpu[2])).toFixed(1) : undefined,
  };
}

/**
 * @param {() => { stdout: string, stderr: string, cpu?: string }} fn
 * @returns {{ wall: number, cpu: string, stdout: string }}
 */
function time(fn) {
  const start = performance.now();
  const result = fn();
  return {
    wall: (performance.now() - start) / 1000,
    cpu: result.cpu ?? "n/a",
    stdout: result.stdout,
  };
}

/** @param {string} root @param {...string} argv */
function git(root, ...argv) {
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

/** @param {string} file @param {string} text */
function append(file, text) {
  writeFileSync(file, readFileSync(file, "utf8") + text);
}

/** @param {Record<string, string>[]} table */
function printTable(table) {
  const keys = Object.keys(table[0] ?? {});
  const width = Math.max(...keys.map((key) => key.length));
  for (const key of keys)
    console.log(
      `${key.padEnd(width)}  ${table.map((row) => (row[key] ?? "").padStart(10)).join("  ")}`,
    );
}
