#!/usr/bin/env node
// @ts-check
/**
 * What `nx g @acme/platform:service` costs, and how much of it is the generator's own work.
 *
 * Measured in a temporary copy of the workspace (this one is not touched), each case a median of
 * N runs with a fresh service name, the copy reset (git) after each run:
 * - `nx g @acme/platform:service <name> --kind http --owner payments` (wall time of the command);
 * - `nx g @acme/platform:empty`: a generator that does nothing, added to the copy's
 *   @acme/platform, i.e. what any `nx g` of a local TypeScript plugin costs;
 * - the hygen CLI rendering the same templates (generators/service/new) with the same variables;
 * - `node -e 0`: Node's own start-up;
 * - both `nx g` cases again with NX_DAEMON=true and with NX_ISOLATE_PLUGINS=false;
 * - the generator's own time in-process: `serviceGenerator()` called on Nx's FsTree over the copy
 *   (loaded through @swc-node/register, as Nx loads it; only the call is timed): the first call
 *   in N fresh processes (as `nx g` makes it: once per process), with and without Nx's workspace
 *   context already built, and warm calls in one process; split into phases, with CPU profiles
 *   (self time by package and function) of a first call and of the warm calls.
 * Then it checks that the hygen CLI writes byte-identical files to `nx g`.
 *
 * Target (the issue): the generator's own work under 100 ms, so that `nx g ...:service` costs at
 * most 1.2 times a bare `nx g`.
 *
 * Usage: node bench/service-generator.mjs [--runs 7] [--calls 30] [--skip-variants] [--keep]
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { Session } from "node:inspector/promises";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const WORKSPACE = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TARGET_IN_PROCESS_MS = 100;
const TARGET_RATIO = 1.2;
/** The generator's phases, as the in-process measurement reports them. */
const PHASES = {
  scope: "workspaceScope (root package.json)",
  validate: "validateOptions (with getProjects)",
  variables: "templateVersion + serviceVariables",
  render: "renderTemplates (hygen render)",
  ejs: "  of which EJS compile + render",
  apply: "applyActions (write into the tree)",
};

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    calls: { type: "string", default: "30" },
    "skip-variants": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
    // Internal: the in-process measurement, run in its own process (see inProcess()).
    child: { type: "string" },
    mode: { type: "string" },
  },
});

if (args.help) {
  console.log(
    "Usage: node bench/service-generator.mjs [--runs 7] [--calls 30] [--skip-variants] [--keep]",
  );
  process.exit(0);
}
const runs = positive(args.runs, "--runs");
const calls = positive(args.calls, "--calls");

if (args.child) {
  console.log(JSON.stringify(await inProcess(args.child, args.mode ?? "cold", calls)));
} else {
  await main();
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const loadBefore = loadavg();
  const root = createCopy();
  log(`workspace copy: ${root}`);
  const templateVersion = JSON.parse(
    readFileSync(join(root, "generators/service/template.json"), "utf8"),
  ).version;
  const cases = benchmarkCases(root, templateVersion, !args["skip-variants"]);
  /** @type {Map<string, { first: number, times: number[] }>} */
  const results = new Map(cases.map((c) => [c.id, { first: 0, times: [] }]));
  let seq = 0;
  try {
    // Round-robin, so that a change in the machine's load hits every case alike. The first round
    // is the warm-up (the copy's first Nx run computes the project graph from scratch).
    for (let round = 0; round <= runs; round++) {
      log(round === 0 ? "warm-up round" : `round ${round}/${runs}`);
      for (const c of cases) {
        const ms = timeCase(root, c, `bench-${++seq}`);
        const result = results.get(c.id);
        if (!result) throw new Error(`no result for ${c.id}`);
        if (round === 0) result.first = ms;
        else result.times.push(ms);
      }
    }
    const parity = checkParity(root, cases);
    log("in-process measurement");
    const inproc = runInProcess(root);
    printReport({ cases, results, inproc, parity, loadBefore, loadAfter: loadavg() });
  } finally {
    if (cases.some((c) => c.env.NX_DAEMON === "true")) {
      spawnSync(join(root, "node_modules/.bin/nx"), ["daemon", "--stop"], {
        cwd: root,
        env: { ...baseEnv(), NX_DAEMON: "true" },
        stdio: "ignore",
      });
    }
    if (args.keep) log(`kept the copy: ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

/**
 * @typedef {object} Case
 * @property {string} id
 * @property {string} label
 * @property {string | undefined} baseline the id of the case its ratio is taken against
 * @property {string} command
 * @property {(name: string) => string[]} args
 * @property {Record<string, string>} env
 * @property {boolean} writes whether it writes apps/<name> (checked, then reset)
 */

/**
 * @param {string} root
 * @param {string} templateVersion
 * @param {boolean} variants
 * @returns {Case[]}
 */
function benchmarkCases(root, templateVersion, variants) {
  const nx = join(root, "node_modules/.bin/nx");
  /** @type {[string, string, Record<string, string>][]} */
  const configs = [["", "", {}]];
  if (variants) {
    configs.push(["daemon", ", NX_DAEMON=true", { NX_DAEMON: "true" }]);
    configs.push(["no-isolate", ", NX_ISOLATE_PLUGINS=false", { NX_ISOLATE_PLUGINS: "false" }]);
  }
  /** @type {Case[]} */
  const cases = [];
  for (const [suffix, note, env] of configs) {
    const empty = `empty${suffix && `-${suffix}`}`;
    cases.push({
      id: `service${suffix && `-${suffix}`}`,
      label: `nx g @acme/platform:service${note}`,
      baseline: empty,
      command: nx,
      args: (name) => [
        "g",
        "@acme/platform:service",
        name,
        "--kind",
        "http",
        "--owner",
        "payments",
        "--no-interactive",
        "--skipInstall",
      ],
      env,
      writes: true,
    });
    cases.push({
      id: empty,
      label: `nx g @acme/platform:empty (bare)${note}`,
      baseline: empty,
      command: nx,
      args: () => ["g", "@acme/platform:empty", "--no-interactive"],
      env,
      writes: false,
    });
  }
  cases.push({
    id: "hygen",
    label: "hygen CLI, same templates",
    baseline: "empty",
    command: join(root, "node_modules/.bin/hygen"),
    args: (name) => hygenArgs(name, templateVersion),
    env: { HYGEN_TMPLS: join(root, "generators") },
    writes: true,
  });
  cases.push({
    id: "node",
    label: "node -e 0 (Node start-up)",
    baseline: "empty",
    command: process.execPath,
    args: () => ["-e", "0"],
    env: {},
    writes: false,
  });
  return cases;
}

/**
 * The hygen CLI's arguments for what the generator renders for `<name> --kind http --owner
 * payments` (tools/platform/src/generators/service/variables.ts). Scalars go as flags; `answers`
 * (an object) in yargs' dot notation, its boolean as `--no-answers.bucket`. The arrays `links`
 * and `resources` (empty for this service) cannot be passed as arguments: the copy's `.hygen.js`
 * gives them as `localsDefaults` (see createCopy()).
 * @param {string} name
 * @param {string} templateVersion
 */
function hygenArgs(name, templateVersion) {
  const description = `The ${name} HTTP API.`;
  const scalars = { kind: "http", owner: "payments", description, database: "none" };
  const pascalName = name
    .split("-")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
  return [
    "service",
    "new",
    "--name",
    name,
    ...Object.entries(scalars).flatMap(([key, value]) => [`--${key}`, value]),
    "--no-bucket",
    "--schedule",
    "",
    "--org",
    "acme",
    "--packageName",
    `@acme/${name}`,
    "--pascalName",
    pascalName,
    "--templateVersion",
    templateVersion,
    ...Object.entries({ name, ...scalars }).flatMap(([key, value]) => [`--answers.${key}`, value]),
    "--no-answers.bucket",
  ];
}

/** Environment of every command: no Nx Cloud, daemon off unless a case turns it on. */
function baseEnv() {
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, NX_NO_CLOUD: "true", NX_DAEMON: "false" };
  delete env.NX_ISOLATE_PLUGINS;
  return env;
}

/**
 * Runs a case once with the given service name, checks what it did, resets the copy.
 * @param {string} root
 * @param {Case} c
 * @param {string} name
 * @returns {number} wall time in ms
 */
function timeCase(root, c, name) {
  const start = performance.now();
  const result = spawnSync(c.command, c.args(name), {
    cwd: root,
    env: { ...baseEnv(), ...c.env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ms = performance.now() - start;
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) throw new Error(`${c.label} failed (exit ${result.status}):\n${output}`);
  const written = existsSync(join(root, "apps", name, "package.json"));
  if (written !== c.writes) {
    throw new Error(`${c.label}: apps/${name} ${written ? "written" : "missing"}:\n${output}`);
  }
  reset(root);
  return ms;
}

/** Back to the copy's commit (keeps git-ignored files: node_modules, Nx's .nx folder). */
function reset(/** @type {string} */ root) {
  git(root, "checkout", "-q", "--", ".");
  git(root, "clean", "-fdq");
}

/**
 * The files `nx g ...:service` writes and the files the hygen CLI writes, for the same name.
 * @param {string} root
 * @param {Case[]} cases
 * @returns {{ files: number, differences: string[] }}
 */
function checkParity(root, cases) {
  const name = "parity-check";
  /** @param {Case | undefined} c */
  const written = (c) => {
    if (!c) throw new Error("missing case");
    const result = spawnSync(c.command, c.args(name), {
      cwd: root,
      env: { ...baseEnv(), ...c.env },
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`${c.label}: ${result.stdout}\n${result.stderr}`);
    /** @type {Map<string, string>} */
    const files = new Map();
    const status = git(root, "status", "--porcelain", "--untracked-files=all");
    for (const line of status.split("\n").filter(Boolean)) {
      const path = line.slice(3);
      files.set(path, readFileSync(join(root, path), "utf8"));
    }
    reset(root);
    return files;
  };
  const fromNx = written(cases.find((c) => c.id === "service"));
  const fromHygen = written(cases.find((c) => c.id === "hygen"));
  const differences = [...new Set([...fromNx.keys(), ...fromHygen.keys()])]
    .filter((path) => fromNx.get(path) !== fromHygen.get(path))
    .map((path) =>
      !fromNx.has(path)
        ? `${path} (hygen only)`
        : !fromHygen.has(path)
          ? `${path} (nx only)`
          : path,
    );
  return { files: fromNx.size, differences };
}

/**
 * A copy of the workspace's files (tracked and untracked, not ignored) as a git repository, with:
 * - node_modules: a folder of links to this workspace's node_modules entries, except the
 *   workspace packages (@acme/*), which link to the copy's own folders. (A link to the whole
 *   node_modules would make Nx resolve @acme/platform to THIS workspace's tools/platform, and the
 *   copy's `empty` generator would not be found.) packages/infra/.sst links to this workspace's;
 * - an `empty` generator in the copy's @acme/platform (tools/platform/generators.json);
 * - `.hygen.js` giving the hygen CLI the template variables it cannot take as arguments.
 * @returns {string}
 */
function createCopy() {
  const root = mkdtempSync(join(tmpdir(), "service-generator-bench-"));
  const files = git(WORKSPACE, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    .split("\0")
    .filter((file) => file && existsSync(join(WORKSPACE, file)));
  const tar = spawnSync("tar", ["-cf", "-", "--null", "-T", "-"], {
    cwd: WORKSPACE,
    input: files.join("\0"),
    maxBuffer: 1024 * 1024 * 512,
  });
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
  execFileSync("tar", ["-xf", "-"], { cwd: root, input: tar.stdout });

  const modules = join(WORKSPACE, "node_modules");
  mkdirSync(join(root, "node_modules", "@acme"), { recursive: true });
  for (const entry of readdirSync(modules)) {
    if (entry !== "@acme") symlinkSync(join(modules, entry), join(root, "node_modules", entry));
  }
  for (const entry of readdirSync(join(modules, "@acme"))) {
    const link = join(modules, "@acme", entry);
    if (!lstatSync(link).isSymbolicLink()) continue;
    const target = resolve(dirname(link), readlinkSync(link));
    const inCopy = join(root, relative(WORKSPACE, target));
    if (existsSync(join(inCopy, "package.json"))) {
      symlinkSync(inCopy, join(root, "node_modules", "@acme", entry));
    }
  }
  const sst = join(WORKSPACE, "packages/infra/.sst");
  if (existsSync(sst)) symlinkSync(sst, join(root, "packages/infra/.sst"));

  const empty = join(root, "tools/platform/src/generators/empty");
  mkdirSync(empty, { recursive: true });
  writeFileSync(
    join(empty, "generator.ts"),
    "/** Does nothing: the baseline of a bare `nx g`. */\nexport default async function emptyGenerator(): Promise<void> {}\n",
  );
  writeFileSync(
    join(empty, "schema.json"),
    `${JSON.stringify({ $schema: "https://json-schema.org/schema", $id: "Empty", type: "object", properties: {} }, null, 2)}\n`,
  );
  const generatorsJson = join(root, "tools/platform/generators.json");
  const collection = JSON.parse(readFileSync(generatorsJson, "utf8"));
  collection.generators.empty = {
    factory: "./src/generators/empty/generator",
    schema: "./src/generators/empty/schema.json",
    description: "Does nothing (benchmark baseline).",
  };
  writeFileSync(generatorsJson, `${JSON.stringify(collection, null, 2)}\n`);
  writeFileSync(
    join(root, ".hygen.js"),
    "// The template variables the hygen CLI cannot take as arguments (arrays), as for an http\n" +
      "// service without database or bucket.\nmodule.exports = { localsDefaults: { links: [], resources: [] } };\n",
  );

  git(root, "init", "-q", "-b", "main");
  git(root, "add", "-A");
  git(root, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "copy");
  return root;
}

/**
 * @param {string} cwd
 * @param {...string} gitArgs
 */
function git(cwd, ...gitArgs) {
  return execFileSync("git", gitArgs, { cwd, encoding: "utf8", maxBuffer: 1024 * 1024 * 64 });
}

// ---------------------------------------------------------------------------------------------
// In-process: the generator function itself on Nx's FsTree, in processes started with
// @swc-node/register (Nx loads the plugin's TypeScript the same way). `nx g` calls the generator
// once per process, so the cold call (first in its process, modules already loaded) is the one
// that counts there; warm calls show the steady state.

/**
 * Milliseconds to require, once per process (swc transpiles the TypeScript).
 * @typedef {object} Loading
 * @property {number} nx nx's FsTree and the devkit (already loaded in `nx g`)
 * @property {number} hygen hygen's render and injector (ejs, front-matter, fs-extra...)
 * @property {number} generator the generator's own modules
 */

/**
 * @typedef {object} ChildResult
 * @property {Loading} load
 * @property {number} contextMs the first glob, which builds Nx's workspace context (modes
 *   "cold-in-nx", "phases" and "profile-cold"; `nx g` has built it before it calls the generator)
 * @property {number} coldMs the first call in the process (modes "cold", "cold-in-nx")
 * @property {Record<string, number>} coldPhases the first call's phases (mode "phases")
 * @property {number[]} warmMs the timed calls after a warm-up (mode "warm")
 * @property {Record<string, number[]>} warmPhases (mode "warm")
 * @property {{ byPackage: [string, number][], byFunction: [string, number][] }} [profile]
 *   self time per call in ms: of the cold call (mode "profile-cold"), of warm calls (mode "warm")
 */

/**
 * @typedef {object} InProcessResult
 * @property {ChildResult} warm
 * @property {ChildResult[]} cold `runs` processes calling serviceGenerator() once
 * @property {ChildResult[]} coldInNx the same, after building Nx's workspace context
 * @property {ChildResult[]} coldPhases `runs` processes running its body phase by phase once
 * @property {ChildResult} coldProfile
 */

/** @returns {InProcessResult} */
function runInProcess(/** @type {string} */ root) {
  const child = (/** @type {string} */ mode) => {
    const result = spawnSync(
      process.execPath,
      ["-r", "@swc-node/register", fileURLToPath(import.meta.url), "--child", root].concat([
        "--mode",
        mode,
        "--calls",
        String(calls),
      ]),
      { cwd: root, env: baseEnv(), encoding: "utf8", maxBuffer: 1024 * 1024 * 64 },
    );
    if (result.status !== 0) throw new Error(`in-process run (${mode}) failed:\n${result.stderr}`);
    reset(root);
    return /** @type {ChildResult} */ (JSON.parse(result.stdout.trim().split("\n").at(-1) ?? ""));
  };
  const cold = [];
  const coldInNx = [];
  const coldPhases = [];
  for (let i = 0; i < runs; i++) {
    cold.push(child("cold"));
    coldInNx.push(child("cold-in-nx"));
    coldPhases.push(child("phases"));
  }
  return { warm: child("warm"), cold, coldInNx, coldPhases, coldProfile: child("profile-cold") };
}

/**
 * @param {string} root the copy
 * @param {string} mode "cold" | "cold-in-nx" | "phases" | "profile-cold" | "warm"
 * @param {number} count timed calls (mode "warm")
 * @returns {Promise<ChildResult>}
 */
async function inProcess(root, mode, count) {
  const platform = join(root, "tools/platform/src");
  const require = createRequire(join(root, "tools/platform/package.json"));
  let start = performance.now();
  const { FsTree } = require("nx/src/generators/tree");
  require("@nx/devkit");
  const load = { nx: performance.now() - start, hygen: 0, generator: 0 };
  start = performance.now();
  require("hygen/dist/render");
  require("hygen/dist/ops/injector");
  load.hygen = performance.now() - start;
  start = performance.now();
  const { serviceGenerator } = require(join(platform, "generators/service/generator.ts"));
  load.generator = performance.now() - start;
  const { validateOptions, workspaceScope } = require(
    join(platform, "generators/service/validate.ts"),
  );
  const variablesModule = require(join(platform, "generators/service/variables.ts"));
  const { applyActions, renderTemplates } = require(join(platform, "hygen/engine.ts"));

  // EJS time inside hygen's render: hygen calls `ejs.render` through the module object.
  const ejs = createRequire(require.resolve("hygen/package.json"))("ejs");
  const ejsRender = ejs.render;
  let ejsMs = 0;
  ejs.render = (/** @type {unknown[]} */ ...ejsArgs) => {
    const ejsStart = performance.now();
    try {
      return ejsRender.apply(ejs, ejsArgs);
    } finally {
      ejsMs += performance.now() - ejsStart;
    }
  };

  let seq = 0;
  const options = () => ({
    name: `inproc-${++seq}`,
    kind: "http",
    owner: "payments",
    skipInstall: true,
  });
  /** @param {import("@nx/devkit").Tree} tree */
  const check = (tree) => {
    if (tree.listChanges().length < 10) throw new Error("the generator wrote too little");
  };
  const call = async () => {
    const tree = new FsTree(root, false);
    const callStart = performance.now();
    await serviceGenerator(tree, options());
    const ms = performance.now() - callStart;
    check(tree);
    return ms;
  };
  /** The generator's body (generator.ts), phase by phase. @returns {Promise<Record<string, number>>} */
  const phases = async () => {
    const tree = new FsTree(root, false);
    /** @type {Record<string, number>} */
    const ms = {};
    let t = performance.now();
    const lap = (/** @type {keyof typeof PHASES} */ key) => {
      const now = performance.now();
      ms[PHASES[key]] = now - t;
      t = now;
    };
    const scope = workspaceScope(tree);
    lap("scope");
    const answers = validateOptions(tree, options(), scope);
    lap("validate");
    const { serviceVariables, templateVersion } = variablesModule;
    const variables = serviceVariables(answers, scope, templateVersion(tree));
    lap("variables");
    const templates = join(tree.root, variablesModule.TEMPLATES_FOLDER);
    ejsMs = 0;
    const rendered = await renderTemplates({
      templates,
      generator: variablesModule.TEMPLATE_ID,
      action: variablesModule.TEMPLATE_ACTION,
      variables: { ...variables },
    });
    lap("render");
    ms[PHASES.ejs] = ejsMs;
    applyActions(tree, rendered, templates);
    lap("apply");
    check(tree);
    return ms;
  };

  /** @type {ChildResult} */
  const result = {
    load,
    contextMs: Number.NaN,
    coldMs: Number.NaN,
    coldPhases: {},
    warmMs: [],
    warmPhases: {},
  };
  if (mode !== "cold" && mode !== "warm") {
    // What `nx g` has done before it calls the generator (daemon off): build the workspace
    // context, the native file index that getProjects() globs.
    const { globWithWorkspaceContextSync } = require("nx/src/utils/workspace-context");
    const contextStart = performance.now();
    globWithWorkspaceContextSync(root, ["package.json"]);
    result.contextMs = performance.now() - contextStart;
  }
  if (mode === "phases") {
    result.coldPhases = await phases();
  } else if (mode === "profile-cold") {
    result.profile = await profiled(1, call);
  } else {
    result.coldMs = await call();
  }
  if (mode === "warm") {
    for (let i = 0; i < 5; i++) await call();
    for (let i = 0; i < count; i++) result.warmMs.push(await call());
    for (let i = 0; i < count; i++) {
      for (const [phase, ms] of Object.entries(await phases())) {
        result.warmPhases[phase] = [...(result.warmPhases[phase] ?? []), ms];
      }
    }
    result.profile = await profiled(count, call);
  }
  return result;
}

/**
 * A CPU profile of `count` calls of `fn`: self time per call, by package and by function. Only
 * samples taken while `fn` ran count (not the profiler's own start and stop).
 * @param {number} count
 * @param {() => Promise<unknown>} fn
 */
async function profiled(count, fn) {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  // V8's profile timestamps and process.hrtime are the same monotonic clock (µs vs ns).
  const from = Number(process.hrtime.bigint() / 1000n);
  for (let i = 0; i < count; i++) await fn();
  const to = Number(process.hrtime.bigint() / 1000n);
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();

  const deltas = profile.timeDeltas ?? [];
  /** @type {Map<number, number>} */
  const selfUs = new Map();
  let timestamp = profile.startTime;
  (profile.samples ?? []).forEach((id, i) => {
    const delta = deltas[i] ?? 0;
    timestamp += delta;
    if (timestamp > from && timestamp <= to) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  /** @type {Map<string, number>} */
  const byPackage = new Map();
  /** @type {Map<string, number>} */
  const byFunction = new Map();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const { url, functionName, lineNumber } = node.callFrame;
    const file = url.replace(/^file:\/\//, "");
    const where = file ? `${shortPath(file)}:${lineNumber + 1}` : "native";
    const fn = `${functionName || "(anonymous)"} (${where})`;
    const pkg = packageOf(file) || functionName || "(anonymous)";
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  /** @param {Map<string, number>} map @returns {[string, number][]} */
  const top = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([key, us]) => [key, us / 1000 / count]);
  return { byPackage: top(byPackage), byFunction: top(byFunction) };
}

/** The package a profiled function belongs to. @param {string} file */
function packageOf(file) {
  if (file === "") return "";
  if (file.startsWith("node:")) return "node (built-in modules)";
  const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (match?.[1]) return match[1];
  if (file.includes("/tools/platform/")) return "@acme/platform (the generator)";
  return shortPath(file);
}

/** A profiled file's path, from the workspace root or its package. @param {string} file */
function shortPath(file) {
  return file.replace(/^.*\/node_modules\//, "").replace(/^.*\/(tools\/platform\/)/, "$1");
}

// ---------------------------------------------------------------------------------------------
// Report

/**
 * @param {{ cases: Case[], results: Map<string, { first: number, times: number[] }>,
 *   inproc: InProcessResult, parity: { files: number, differences: string[] },
 *   loadBefore: number[], loadAfter: number[] }} report
 */
function printReport({ cases, results, inproc, parity, loadBefore, loadAfter }) {
  const stats = (/** @type {string} */ id) => summary(results.get(id)?.times ?? []);
  const load = (/** @type {number[]} */ l) => l.map((x) => x.toFixed(2)).join(", ");
  console.log(`\n## Service generator: ${runs} runs per case, after one warm-up round\n`);
  console.log(
    `Node ${process.version}, ${cpus().length} cores. Load average (1, 5, 15 min): ${load(loadBefore)} before, ${load(loadAfter)} after.\n`,
  );

  const rows = [["case", "median ms", "min", "max", "× bare nx g", "warm-up run"]];
  for (const c of cases) {
    const s = stats(c.id);
    const base = c.baseline ? stats(c.baseline).median : Number.NaN;
    const first = results.get(c.id)?.first ?? Number.NaN;
    rows.push([
      c.label,
      fmt(s.median),
      fmt(s.min),
      fmt(s.max),
      fmt(s.median / base, 2),
      fmt(first),
    ]);
  }
  const cold = summary(inproc.cold.map((r) => r.coldMs));
  const coldInNx = summary(inproc.coldInNx.map((r) => r.coldMs));
  const warm = summary(inproc.warm.warmMs);
  /** @type {[string, { median: number, min: number, max: number }][]} */
  const inProcessRows = [
    [`serviceGenerator() in-process: first call in a fresh process (${runs} processes)`, cold],
    [
      `serviceGenerator() in-process: first call, Nx's workspace context built (as in nx g)`,
      coldInNx,
    ],
    [
      `serviceGenerator() in-process: warm (${inproc.warm.warmMs.length} calls in one process)`,
      warm,
    ],
  ];
  for (const [label, s] of inProcessRows) {
    rows.push([label, fmt(s.median, 1), fmt(s.min, 1), fmt(s.max, 1), "", ""]);
  }
  console.log(table(rows));
  console.log(
    "\nRatios: against the bare nx g of the same configuration (hygen and node: the default one).",
  );

  console.log(
    "\n### The generator's own time, by phase (ms; cold: first call, Nx's workspace context built)\n",
  );
  const phaseRows = [["phase", "cold median", "cold min", "cold max", "warm median"]];
  const context = summary(inproc.coldPhases.map((r) => r.contextMs));
  phaseRows.push([
    "(Nx, before the call) workspace context: first glob",
    fmt(context.median, 1),
    fmt(context.min, 1),
    fmt(context.max, 1),
    "",
  ]);
  for (const phase of Object.values(PHASES)) {
    const c = summary(inproc.coldPhases.map((r) => r.coldPhases[phase] ?? Number.NaN));
    const w = summary(inproc.warm.warmPhases[phase] ?? []);
    phaseRows.push([phase, fmt(c.median, 1), fmt(c.min, 1), fmt(c.max, 1), fmt(w.median, 1)]);
  }
  /** @type {[keyof Loading, string][]} */
  const loads = [
    ["nx", "require nx's FsTree + @nx/devkit (nx g has them already)"],
    ["hygen", "require hygen's render + injector"],
    ["generator", "require the generator's modules (swc-node)"],
  ];
  for (const [key, label] of loads) {
    const l = summary(inproc.cold.map((r) => r.load[key]));
    phaseRows.push([`(once) ${label}`, fmt(l.median, 1), fmt(l.min, 1), fmt(l.max, 1), ""]);
  }
  console.log(table(phaseRows));

  /** @param {string} title @param {[string, number][] | undefined} entries */
  const profileTable = (title, entries) =>
    table([[title, "self ms per call"], ...(entries ?? []).map(([k, ms]) => [k, fmt(ms, 2)])]);
  console.log(
    "\n### CPU profile of one cold call (workspace context built; the profiler slows it down)\n",
  );
  console.log(profileTable("package", inproc.coldProfile.profile?.byPackage));
  console.log("");
  console.log(profileTable("function", inproc.coldProfile.profile?.byFunction));
  console.log(`\n### CPU profile of ${calls} warm calls\n`);
  console.log(profileTable("package", inproc.warm.profile?.byPackage));

  console.log("\n### Parity: hygen CLI vs nx g, same name\n");
  console.log(
    parity.differences.length === 0
      ? `The hygen CLI wrote the same ${parity.files} files as nx g, byte for byte.`
      : `Different files: ${parity.differences.join(", ")}`,
  );

  const ratio = stats("service").median / stats("empty").median;
  const extra = stats("service").median - stats("empty").median;
  const verdict = (/** @type {boolean} */ met) => (met ? "MET" : "NOT MET");
  console.log("\n### Verdict\n");
  console.log(
    `- The generator's own work, target < ${TARGET_IN_PROCESS_MS} ms. nx g makes one first call per run: ${fmt(coldInNx.median, 1)} ms (median; ${fmt(cold.median, 1)} ms when it also builds Nx's workspace context), ${verdict(coldInNx.median < TARGET_IN_PROCESS_MS)}. Warm: ${fmt(warm.median, 1)} ms, ${verdict(warm.median < TARGET_IN_PROCESS_MS)}.`,
  );
  console.log(
    `- nx g service vs bare nx g, target ≤ ${TARGET_RATIO}×: ${fmt(ratio, 2)}× (+${fmt(extra)} ms), ${verdict(ratio <= TARGET_RATIO)}.`,
  );
}

/** @param {number[]} values */
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length === 0
      ? Number.NaN
      : sorted.length % 2
        ? (sorted[mid] ?? Number.NaN)
        : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, min: sorted[0] ?? Number.NaN, max: sorted.at(-1) ?? Number.NaN };
}

/** A Markdown table, columns padded. @param {string[][]} rows */
function table(rows) {
  const widths = (rows[0] ?? []).map((_, i) =>
    Math.max(...rows.map((row) => (row[i] ?? "").length)),
  );
  /** @param {string[]} row */
  const line = (row) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const [head, ...body] = rows;
  return [line(head ?? []), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n");
}

/**
 * @param {number} ms
 * @param {number} [digits]
 */
function fmt(ms, digits = 0) {
  return Number.isFinite(ms) ? ms.toFixed(digits) : "";
}

/**
 * @param {string | undefined} value
 * @param {string} flag
 */
function positive(value, flag) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer`);
  return n;
}

/** Progress, on stderr (the report goes to stdout). @param {string} message */
function log(message) {
  console.error(`[bench] ${message}`);
}
