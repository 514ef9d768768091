#!/usr/bin/env node
// @ts-check
/**
 * The marginal cost of one more service in `npm test`: the services' `npm test` targets run with
 * Nx's cache skipped in a temporary copy of the workspace holding 3 services (the examples), then
 * holding N (the examples plus generated http services), as Nx runs them now (every evaluating
 * target after the service's `evaluate`) and as before (`--exclude-task-dependencies`: each
 * target evaluates for itself). Marginal cost = (time at N - time at 3) / (N - 3).
 *
 * Services are generated with the platform's own generator (`serviceGenerator` on Nx's FsTree,
 * in a child process started with tsx, which maps the sources' `.js` imports to `.ts`), then linked to the
 * shared SST platform (`sst-install.mjs`). Before each run the services' kept evaluations are
 * removed, so that every run starts from a change. Only the services' targets run (`-p
 * tag:type:service`): the packages' checks cost the same at any N.
 *
 * Usage: node bench/services-scaling.mjs [--sizes 10] [--targets lint,...] [--keep]
 *   (`--sizes 10,50`: the machine has 2 cores; 50 services take many minutes per case.)
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, table } from "./lib/measure.mjs";

const SELF = fileURLToPath(import.meta.url);
const WORKSPACE = join(dirname(SELF), "..");
const EXAMPLES = 3;

if (process.argv[2] === "--generate") {
  await generate(String(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]));
  process.exit(0);
}

const args = parseArgs(process.argv.slice(2));
const sizes = String(args.sizes ?? "10")
  .split(",")
  .map(Number);
const targets = String(
  args.targets ?? "lint,format-check,typecheck,test,build,platform-check,policy",
);

/** A copy of the workspace: tracked and untracked files, node_modules linked, @acme/* to the copy. */
function createCopy() {
  const root = mkdtempSync(join(tmpdir(), "shipyard-bench-scaling-"));
  const files = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: WORKSPACE,
      encoding: "utf8",
      maxBuffer: 1024 * 1024 * 64,
    },
  )
    .split("\0")
    .filter((file) => file && existsSync(join(WORKSPACE, file)));
  const tar = spawnSync("tar", ["-cf", "-", "--null", "-T", "-"], {
    cwd: WORKSPACE,
    input: files.join("\0"),
    maxBuffer: 1024 * 1024 * 512,
  });
  execFileSync("tar", ["-xf", "-"], { cwd: root, input: tar.stdout });
  const modules = join(WORKSPACE, "node_modules");
  mkdirSync(join(root, "node_modules", "@acme"), { recursive: true });
  for (const entry of readdirSync(modules)) {
    if (entry !== "@acme") symlinkSync(join(modules, entry), join(root, "node_modules", entry));
  }
  for (const entry of readdirSync(join(modules, "@acme"))) {
    const link = join(modules, "@acme", entry);
    if (!lstatSync(link).isSymbolicLink()) continue;
    const inCopy = join(root, relative(WORKSPACE, resolve(dirname(link), readlinkSync(link))));
    if (existsSync(join(inCopy, "package.json"))) {
      symlinkSync(inCopy, join(root, "node_modules", "@acme", entry));
    }
  }
  symlinkSync(join(WORKSPACE, "packages/infra/.sst"), join(root, "packages/infra/.sst"));
  execFileSync("git", ["init", "-q", "-b", "main"], { cwd: root });
  return root;
}

/**
 * In the child: generates services `from`..`to` (exclusive) with the platform's generator.
 * @param {string} root
 * @param {number} from
 * @param {number} to
 */
async function generate(root, from, to) {
  const require = createRequire(join(root, "tools/platform/package.json"));
  const { FsTree, flushChanges } = require("nx/src/generators/tree");
  const { serviceGenerator } = require(
    join(root, "tools/platform/src/generators/service/generator.ts"),
  );
  for (let index = from; index < to; index++) {
    const tree = new FsTree(root, false);
    const callback = await serviceGenerator(tree, {
      name: `scale-${index}`,
      kind: "http",
      owner: "payments",
      skipInstall: true,
    });
    flushChanges(root, tree.listChanges());
    await callback();
  }
}

/** Adds services until the copy holds `count`, and links them to the shared platform. */
function growTo(/** @type {string} */ root, /** @type {number} */ count) {
  const existing = readdirSync(join(root, "apps")).filter((name) =>
    name.startsWith("scale-"),
  ).length;
  const from = existing;
  const to = count - EXAMPLES;
  if (to > from) {
    execFileSync(
      process.execPath,
      ["--import", "tsx", SELF, "--generate", root, String(from), String(to)],
      {
        cwd: root,
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, NX_DAEMON: "false" },
      },
    );
  }
  execFileSync(process.execPath, ["tools/platform/bin/sst-install.mjs"], {
    cwd: root,
    stdio: "ignore",
  });
}

/** One `nx run-many` of the services' targets from a change; wall time in s. */
function runOnce(/** @type {string} */ root, /** @type {boolean} */ evaluateFirst) {
  for (const service of readdirSync(join(root, "apps"))) {
    rmSync(join(root, "apps", service, ".sst", "offline"), { recursive: true, force: true });
  }
  const nxArgs = ["nx", "run-many", "-t", targets, "-p", "tag:type:service", "--skip-nx-cache"];
  if (!evaluateFirst) nxArgs.push("--exclude-task-dependencies");
  const started = performance.now();
  const child = spawnSync("npx", nxArgs, {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 64,
    env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true" },
  });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0)
    throw new Error(`${nxArgs.join(" ")} failed:\n${child.stdout.slice(-4000)}`);
  return seconds;
}

const root = createCopy();
const loadBefore = loadavg()[0];
const started = performance.now();
/** @type {Record<string, Record<number, number>>} */
const times = { before: {}, now: {} };
try {
  for (const count of [EXAMPLES, ...sizes]) {
    growTo(root, count);
    // The first `nx` run in the copy builds Nx's graph and caches; keep it out of the figures.
    if (count === EXAMPLES) runOnce(root, true);
    times.before[count] = runOnce(root, false);
    times.now[count] = runOnce(root, true);
    console.error(
      `${count} services: before ${times.before[count]?.toFixed(1)} s, now ${times.now[count]?.toFixed(1)} s`,
    );
  }
} finally {
  if (args.keep) console.error(`Kept the copy: ${root}`);
  else rmSync(root, { recursive: true, force: true });
}

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
for (const count of [EXAMPLES, ...sizes]) {
  const before = times.before[count] ?? 0;
  const now = times.now[count] ?? 0;
  if (count === EXAMPLES) {
    rows.push([String(count), before.toFixed(1), now.toFixed(1), "", "", ""]);
    continue;
  }
  const marginalBefore = (before - (times.before[EXAMPLES] ?? 0)) / (count - EXAMPLES);
  const marginalNow = (now - (times.now[EXAMPLES] ?? 0)) / (count - EXAMPLES);
  rows.push([
    String(count),
    before.toFixed(1),
    now.toFixed(1),
    marginalBefore.toFixed(2),
    marginalNow.toFixed(2),
    (marginalNow / marginalBefore).toFixed(2),
  ]);
}
console.log(`nx run-many -t ${targets} -p tag:type:service --skip-nx-cache, from a change\n`);
console.log(table(rows));
console.log(
  `\nMachine: Node ${process.versions.node}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after; ${((performance.now() - started) / 1000).toFixed(0)} s in all.`,
);
