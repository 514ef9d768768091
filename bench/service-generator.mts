#!/usr/bin/env node
/**
 * What `nx g @acme/platform:service` costs, and how much of it is the generator's own work.
 *
 * Measured in a temporary copy of the workspace (this one is not touched), each case a median of
 * N runs with a fresh service name, the copy reset (git) after each run:
 * - `nx g @acme/platform:service <name> --kind http --owner payments` (wall time of the command);
 * - the same with the generator loaded as TypeScript through Nx's transpiler (swc-node), as
 *   before the generators got compiled launchers (`@acme/platform:service-ts`, added to the copy);
 * - `nx g @acme/platform:empty`: a generator that does nothing (plain JavaScript), added to the
 *   copy's @acme/platform, i.e. what any `nx g` costs in this workspace (with its plugin);
 * - the issue's baseline: `nx g` of the same empty generator in a second copy WITHOUT the plugin
 *   (`"plugins": []` in nx.json, and a generator collection holding only the empty generator);
 * - the hygen CLI rendering the same templates (generators/service/new) with the same variables;
 * - `node -e 0`: Node's own start-up;
 * - both `nx g` cases again with NX_DAEMON=true, and with NX_ISOLATE_PLUGINS=true (plugins in
 *   worker processes: Nx's default, which the workspace's committed .env turns off, ADR 0014; both
 *   copies carry that .env, so the default cases run the plugins in the Nx process);
 * - the generator's own time in-process: `serviceGenerator()` called on Nx's FsTree over the copy
 *   (loaded through @swc-node/register, as Nx loads it; only the call is timed): the first call
 *   in N fresh processes (as `nx g` makes it: once per process), with and without Nx's workspace
 *   context already built, and warm calls in one process; split into phases, with CPU profiles
 *   (self time by package and function) of a first call and of the warm calls.
 * - with `--before <git-ref>`: the service generator as it was at that commit of this workspace
 *   (its `tools/platform`, extracted outside the copy and compiled the same way), alternating with
 *   the others, for a before/after in one run (`@acme/platform:service-before`).
 * Then it checks that the hygen CLI (and the `--before` generator) write byte-identical files to
 * `nx g`.
 *
 * Target (the issue): `nx g ...:service` at most 1.2 times a bare `nx g` of an empty generator in a
 * workspace without the plugin (and the generator's own work under 100 ms).
 *
 * Usage: node --import tsx bench/service-generator.mts [--runs 7] [--calls 30] [--skip-variants] [--before <ref>] [--keep]
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
import { tmpdir } from "node:os";
import { Session } from "node:inspector/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
// Not ./lib/measure.mts: the in-process child imports this file, and must not load modules
// (the evaluator's) that would make its timed requires of Nx and hygen look faster.
import { loadAverage, machineNote, markdownTable as table, ratio, summary } from "./lib/report.mts";
import { cpuMethod, runCountingCpu } from "./lib/command-cpu.mts";
import { stopwatch, timed, timedAsync } from "./lib/time.mts";

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
    before: { type: "string" },
    help: { type: "boolean", default: false },
    // Internal: the in-process measurement, run in its own process (see inProcess()).
    child: { type: "string" },
    mode: { type: "string" },
  },
});

if (args.help) {
  console.log(
    "Usage: node --import tsx bench/service-generator.mts [--runs 7] [--calls 30] [--skip-variants] [--before <ref>] [--keep]",
  );
  process.exit(0);
}
const runs = positive(args.runs, "--runs");
const calls = positive(args.calls, "--calls");
/** Where the command's first Node process records its CPU time (lib/main-process-cpu.cjs). */
const mainCpuFile = join(tmpdir(), `service-generator-bench-main-cpu-${process.pid}`);
const mainCpuPreload = fileURLToPath(new URL("./lib/main-process-cpu.cjs", import.meta.url));

if (args.child) {
  console.log(JSON.stringify(await inProcess(args.child, args.mode ?? "cold", calls)));
} else {
  await main();
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const loadBefore = loadAverage();
  const before = args.before ? extractPlatform(args.before) : undefined;
  const root = await createCopy({ before });
  const bare = await createCopy({ withoutPlugin: true });
  log(`workspace copies: ${root}, without the plugin: ${bare}`);
  const templateVersion = JSON.parse(
    readFileSync(join(root, "generators/service/template.json"), "utf8"),
  ).version;
  const cases = benchmarkCases(root, bare, templateVersion, !args["skip-variants"], args.before);
  const results: Map<string, Results> = new Map(
    cases.map((c) => [c.id, { first: 0, times: [], cpu: [], mainCpu: [] }]),
  );
  let seq = 0;
  try {
    // Round-robin, so that a change in the machine's load hits every case alike. The first round
    // is the warm-up (the copy's first Nx run computes the project graph from scratch).
    for (let round = 0; round <= runs; round++) {
      log(round === 0 ? "warm-up round" : `round ${round}/${runs}`);
      for (const c of cases) {
        const { ms, cpu, mainCpu } = timeCase(c, `bench-${++seq}`);
        const result = results.get(c.id);
        if (!result) throw new Error(`no result for ${c.id}`);
        if (round === 0) result.first = ms;
        else {
          result.times.push(ms);
          result.cpu.push(cpu);
          result.mainCpu.push(mainCpu);
        }
      }
    }
    const parity = checkParity(root, cases);
    log("in-process measurement");
    const inproc = runInProcess(root);
    printReport({ cases, results, inproc, parity, loadBefore });
  } finally {
    for (const copy of [root, bare]) {
      if (cases.some((c) => c.env.NX_DAEMON === "true")) {
        spawnSync(join(copy, "node_modules/.bin/nx"), ["daemon", "--stop"], {
          cwd: copy,
          env: { ...baseEnv(), NX_DAEMON: "true" },
          stdio: "ignore",
        });
      }
      if (args.keep) log(`kept the copy: ${copy}`);
      else rmSync(copy, { recursive: true, force: true });
    }
    if (before && !args.keep) rmSync(before, { recursive: true, force: true });
    rmSync(mainCpuFile, { force: true });
  }
}

/** Per case: the warm-up run's wall time, then each measured run's wall, CPU and main-process CPU ms. */
interface Results {
  first: number;
  times: number[];
  cpu: number[];
  mainCpu: number[];
}

interface Case {
  id: string;
  label: string;
  /** the id of the case its ratio is taken against */
  baseline: string | undefined;
  /** the copy it runs in */
  cwd: string;
  command: string;
  args: (name: string) => string[];
  env: Record<string, string>;
  /** whether it writes apps/<name> (checked, then reset) */
  writes: boolean;
}

function benchmarkCases(
  root: string,
  bare: string,
  templateVersion: string,
  variants: boolean,
  before: string | undefined,
): Case[] {
  const nx = join(root, "node_modules/.bin/nx");
  const serviceArgs = (generator: string) => (name: string) => [
    "g",
    generator,
    name,
    "--kind",
    "http",
    "--owner",
    "payments",
    "--no-interactive",
    "--skipInstall",
  ];
  const configs: [string, string, Record<string, string>][] = [["", "", {}]];
  if (variants) {
    configs.push(["daemon", ", NX_DAEMON=true", { NX_DAEMON: "true" }]);
    configs.push([
      "isolate",
      ", NX_ISOLATE_PLUGINS=true (Nx's default, without the workspace's .env)",
      { NX_ISOLATE_PLUGINS: "true" },
    ]);
  }
  const cases: Case[] = [];
  for (const [suffix, note, env] of configs) {
    const empty = `empty${suffix && `-${suffix}`}`;
    const bareEmpty = `bare-empty${suffix && `-${suffix}`}`;
    cases.push({
      id: `service${suffix && `-${suffix}`}`,
      label: `nx g @acme/platform:service${note}`,
      baseline: bareEmpty,
      cwd: root,
      command: nx,
      args: serviceArgs("@acme/platform:service"),
      env,
      writes: true,
    });
    if (before) {
      cases.push({
        id: `service-before${suffix && `-${suffix}`}`,
        label: `nx g @acme/platform:service as at ${before} (before)${note}`,
        baseline: bareEmpty,
        cwd: root,
        command: nx,
        args: serviceArgs("@acme/platform:service-before"),
        env,
        writes: true,
      });
    }
    cases.push({
      id: `service-ts${suffix && `-${suffix}`}`,
      label: `nx g @acme/platform:service, TypeScript through swc-node (before)${note}`,
      baseline: bareEmpty,
      cwd: root,
      command: nx,
      args: serviceArgs("@acme/platform:service-ts"),
      env,
      writes: true,
    });
    cases.push({
      id: empty,
      label: `nx g @acme/platform:empty, this workspace${note}`,
      baseline: bareEmpty,
      cwd: root,
      command: nx,
      args: () => ["g", "@acme/platform:empty", "--no-interactive"],
      env,
      writes: false,
    });
    cases.push({
      id: bareEmpty,
      label: `nx g of an empty generator, workspace without the plugin (bare)${note}`,
      baseline: bareEmpty,
      cwd: bare,
      command: join(bare, "node_modules/.bin/nx"),
      args: () => ["g", "@acme/platform:empty", "--no-interactive"],
      env,
      writes: false,
    });
  }
  cases.push({
    id: "hygen",
    label: "hygen CLI, same templates",
    baseline: "bare-empty",
    cwd: root,
    command: join(root, "node_modules/.bin/hygen"),
    args: (name) => hygenArgs(name, templateVersion),
    env: { HYGEN_TMPLS: join(root, "generators") },
    writes: true,
  });
  cases.push({
    id: "node",
    label: "node -e 0 (Node start-up)",
    baseline: "bare-empty",
    cwd: root,
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
 */
function hygenArgs(name: string, templateVersion: string) {
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

/**
 * Environment of every command: no Nx Cloud, daemon off unless a case turns it on, and plugin
 * isolation as the copy's .env sets it unless a case sets it.
 */
function baseEnv() {
  const env: NodeJS.ProcessEnv = { ...process.env, NX_NO_CLOUD: "true", NX_DAEMON: "false" };
  delete env.NX_ISOLATE_PLUGINS;
  return env;
}

/**
 * Runs a case once with the given service name, checks what it did, resets the copy.
 * @returns wall time, CPU time (of every process the command started, Nx's detached plugin
 *   workers included where lib/command-cpu.mts can count them, see cpuMethod(); not a daemon
 *   started before) and the CPU time of the command's main Node process alone (where `nx g` runs
 *   the generator), in ms
 */
function timeCase(c: Case, name: string): { ms: number; cpu: number; mainCpu: number } {
  const root = c.cwd;
  rmSync(mainCpuFile, { force: true });
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    ...c.env,
    BENCH_MAIN_PROCESS_CPU_FILE: mainCpuFile,
  };
  env.NODE_OPTIONS = [env.NODE_OPTIONS, `--require ${mainCpuPreload}`].filter(Boolean).join(" ");
  const result = runCountingCpu(c.command, c.args(name), {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = `${result.stdout}\n${result.stderr}`;
  const written = existsSync(join(root, "apps", name, "package.json"));
  if (written !== c.writes) {
    throw new Error(`${c.label}: apps/${name} ${written ? "written" : "missing"}:\n${output}`);
  }
  const cpu = result.cpuMs;
  const mainCpu = existsSync(mainCpuFile)
    ? Number(readFileSync(mainCpuFile, "utf8").trim().split("\n")[0])
    : Number.NaN;
  reset(root);
  return { ms: result.ms, cpu, mainCpu };
}

/** Back to the copy's commit (keeps git-ignored files: node_modules, Nx's .nx folder). */
function reset(root: string) {
  git(root, "checkout", "-q", "--", ".");
  git(root, "clean", "-fdq");
}

/** The files `nx g ...:service` writes and the files the hygen CLI writes, for the same name. */
function checkParity(root: string, cases: Case[]): { files: number; differences: string[] } {
  const name = "parity-check";
  const written = (c: Case | undefined) => {
    if (!c) throw new Error("missing case");
    const result = spawnSync(c.command, c.args(name), {
      cwd: c.cwd,
      env: { ...baseEnv(), ...c.env },
      encoding: "utf8",
    });
    if (result.status !== 0) throw new Error(`${c.label}: ${result.stdout}\n${result.stderr}`);
    const files: Map<string, string> = new Map();
    const status = git(root, "status", "--porcelain", "--untracked-files=all");
    for (const line of status.split("\n").filter(Boolean)) {
      const path = line.slice(3);
      files.set(path, readFileSync(join(root, path), "utf8"));
    }
    reset(root);
    return files;
  };
  const fromNx = written(cases.find((c) => c.id === "service"));
  const differencesFrom = (other: Map<string, string>, otherName: string) =>
    [...new Set([...fromNx.keys(), ...other.keys()])]
      .filter((path) => fromNx.get(path) !== other.get(path))
      .map((path) =>
        !fromNx.has(path)
          ? `${path} (${otherName} only)`
          : !other.has(path)
            ? `${path} (nx only)`
            : `${path} (${otherName})`,
      );
  const differences = differencesFrom(written(cases.find((c) => c.id === "hygen")), "hygen");
  const before = cases.find((c) => c.id === "service-before");
  if (before) differences.push(...differencesFrom(written(before), "before"));
  return { files: fromNx.size, differences };
}

/**
 * A copy of the workspace's files (tracked and untracked, not ignored) as a git repository, with:
 * - node_modules: a folder of links to this workspace's node_modules entries, except the
 *   workspace packages (@acme/*), which link to the copy's own folders (`own-with-source-bins`:
 *   `.bin` is this workspace's). (A link to the whole node_modules would make Nx resolve
 *   @acme/platform to THIS workspace's tools/platform, and the copy's `empty` generator would not
 *   be found.) packages/infra/.sst links to this workspace's;
 * - an `empty` generator (plain JavaScript) in the copy's @acme/platform
 *   (tools/platform/generators.json), and `service-ts`: the service generator from its TypeScript
 *   (Nx's transpiler), as generators.json named it before the compiled launchers;
 * - `withoutPlugin`: a workspace without the plugin: `"plugins": []` in nx.json, and
 *   tools/platform/generators.json holding only the `empty` generator;
 * - `.hygen.js` giving the hygen CLI the template variables it cannot take as arguments.
 */
async function createCopy({
  withoutPlugin = false,
  before,
}: {
  withoutPlugin?: boolean;
  before?: string;
} = {}): Promise<string> {
  // Imported here, not at the top: the in-process child imports this file, and must not have
  // @acme/contract loaded before it times loading the generator.
  const { copyWorkspace } = await import("@acme/workspace-copy");
  return copyWorkspace({
    prefix: "service-generator-bench-",
    nodeModules: "own-with-source-bins",
    editNxJson: withoutPlugin
      ? (nxJson) => {
          nxJson.plugins = [];
        }
      : undefined,
    prepare: (root) => addBenchGenerators(root, withoutPlugin, before),
    commit: { message: "copy", author: "bench" },
  });
}

/** The `empty` and `service-ts` generators, and `.hygen.js` (see createCopy()). */
function addBenchGenerators(root: string, withoutPlugin: boolean, before: string | undefined) {
  const empty = join(root, "tools/platform/bench-empty");
  mkdirSync(empty, { recursive: true });
  writeFileSync(
    join(empty, "generator.cjs"),
    "/** Does nothing: the baseline of a bare `nx g`. */\nmodule.exports = async function emptyGenerator() {};\n",
  );
  writeFileSync(
    join(empty, "schema.json"),
    `${JSON.stringify({ $schema: "https://json-schema.org/schema", $id: "Empty", type: "object", properties: {} }, null, 2)}\n`,
  );
  const generatorsJson = join(root, "tools/platform/generators.json");
  const collection = JSON.parse(readFileSync(generatorsJson, "utf8"));
  const emptyEntry = {
    factory: "./bench-empty/generator.cjs",
    schema: "./bench-empty/schema.json",
    description: "Does nothing (benchmark baseline).",
  };
  if (withoutPlugin) {
    collection.generators = { empty: emptyEntry };
  } else {
    collection.generators.empty = emptyEntry;
    collection.generators["service-ts"] = {
      ...collection.generators.service,
      factory: "./src/generators/service/generator",
    };
    if (before) {
      collection.generators["service-before"] = {
        ...collection.generators.service,
        factory: "./bench-before/service.cjs",
      };
      addBeforeLauncher(root, before);
    }
  }
  writeFileSync(generatorsJson, `${JSON.stringify(collection, null, 2)}\n`);
  writeFileSync(
    join(root, ".hygen.js"),
    "// The template variables the hygen CLI cannot take as arguments (arrays), as for an http\n" +
      "// service without database or bucket.\nmodule.exports = { localsDefaults: { links: [], resources: [] } };\n",
  );
}

/**
 * This workspace's `tools/platform` as at `ref`, in a temporary folder OUTSIDE the copies (inside,
 * its files would join Nx's file index and its package.json the projects), with a `node_modules`
 * link to this workspace's, so that its npm and `@acme/*` imports resolve as in a copy.
 * @returns the folder (its `tools/platform` is the package)
 */
function extractPlatform(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), "service-generator-bench-before-"));
  const here = fileURLToPath(new URL("..", import.meta.url));
  const archive = execFileSync("git", ["archive", "--format=tar", ref, "tools/platform"], {
    cwd: here,
    maxBuffer: 1024 * 1024 * 256,
  });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  symlinkSync(join(here, "node_modules"), join(dir, "node_modules"));
  return dir;
}

/**
 * The launcher of the `--before` generator: like generators/service.cjs, loading the extracted
 * package's generator compiled, with hygen inlined, under its own name in the copy's data folder.
 */
function addBeforeLauncher(root: string, before: string) {
  const dir = join(root, "tools/platform/bench-before");
  mkdirSync(dir, { recursive: true });
  const generators = join(before, "tools/platform/generators");
  writeFileSync(
    join(dir, "service.cjs"),
    `module.exports = require("@acme/compiled").loadCompiled(${JSON.stringify(generators)}, "src/generators/service/generator.ts", "generator-service-before", { inline: ["hygen"] });\n`,
  );
}

function git(cwd: string, ...gitArgs: string[]) {
  return execFileSync("git", gitArgs, { cwd, encoding: "utf8", maxBuffer: 1024 * 1024 * 64 });
}

// ---------------------------------------------------------------------------------------------
// In-process: the generator function itself on Nx's FsTree, in processes started with
// @swc-node/register (Nx loads the plugin's TypeScript the same way). `nx g` calls the generator
// once per process, so the cold call (first in its process, modules already loaded) is the one
// that counts there; warm calls show the steady state.

/** Milliseconds to require, once per process (swc transpiles the TypeScript). */
interface Loading {
  /** nx's FsTree and the devkit (already loaded in `nx g`) */
  nx: number;
  /** hygen's render and injector (ejs, front-matter, fs-extra...) */
  hygen: number;
  /** the generator's own modules */
  generator: number;
}

interface ChildResult {
  load: Loading;
  /** the first glob, which builds Nx's workspace context (modes "cold-in-nx", "phases" and "profile-cold"; `nx g` has built it before it calls the generator) */
  contextMs: number;
  /** the first call in the process (modes "cold", "cold-in-nx") */
  coldMs: number;
  /** the first call's phases (mode "phases") */
  coldPhases: Record<string, number>;
  /** the timed calls after a warm-up (mode "warm") */
  warmMs: number[];
  /** (mode "warm") */
  warmPhases: Record<string, number[]>;
  /** self time per call in ms: of the cold call (mode "profile-cold"), of warm calls (mode "warm") */
  profile?: { byPackage: [string, number][]; byFunction: [string, number][] };
}

interface InProcessResult {
  warm: ChildResult;
  /** `runs` processes calling serviceGenerator() once */
  cold: ChildResult[];
  /** the same, after building Nx's workspace context */
  coldInNx: ChildResult[];
  /** `runs` processes running its body phase by phase once */
  coldPhases: ChildResult[];
  coldProfile: ChildResult;
}

function runInProcess(root: string): InProcessResult {
  const child = (mode: string) => {
    const result = spawnSync(
      process.execPath,
      // tsx's ESM loader only, for this file: the generator is required through swc-node, as
      // Nx requires it (Node 20's module hooks do not reach require()).
      ["--import", "tsx/esm", "-r", "@swc-node/register", fileURLToPath(import.meta.url)]
        .concat(["--child", root])
        .concat(["--mode", mode, "--calls", String(calls)]),
      { cwd: root, env: baseEnv(), encoding: "utf8", maxBuffer: 1024 * 1024 * 64 },
    );
    if (result.status !== 0) throw new Error(`in-process run (${mode}) failed:\n${result.stderr}`);
    reset(root);
    return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "") as ChildResult;
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
 * @param root the copy
 * @param mode "cold" | "cold-in-nx" | "phases" | "profile-cold" | "warm"
 * @param count timed calls (mode "warm")
 */
async function inProcess(root: string, mode: string, count: number): Promise<ChildResult> {
  const platform = join(root, "tools/platform/src");
  const require = createRequire(join(root, "tools/platform/package.json"));
  // As Nx does when it loads a local plugin: its CommonJS resolver maps the sources' `./x.js`
  // specifiers to `./x.ts` (swc-node alone does not).
  require("nx/src/plugins/js/utils/register").ensureCjsResolverPatched();
  const nx = timed(() => {
    require("@nx/devkit");
    return require("nx/src/generators/tree");
  });
  const { FsTree } = nx.value;
  const hygen = timed(() => {
    require("hygen/dist/render");
    require("hygen/dist/ops/injector");
  });
  const generator = timed(() => require(join(platform, "generators/service/generator.ts")));
  const { serviceGenerator } = generator.value;
  const load = { nx: nx.ms, hygen: hygen.ms, generator: generator.ms };
  const { validateOptions, workspaceScope } = require(
    join(platform, "generators/service/validate.ts"),
  );
  const variablesModule = require(join(platform, "generators/service/variables.ts"));
  const { applyActions, renderTemplates } = require(join(platform, "hygen/engine.ts"));

  // EJS time inside hygen's render: hygen calls `ejs.render` through the module object.
  const ejs = createRequire(require.resolve("hygen/package.json"))("ejs");
  const ejsRender = ejs.render;
  let ejsMs = 0;
  ejs.render = (...ejsArgs: unknown[]) => {
    const { ms, value } = timed(() => ejsRender.apply(ejs, ejsArgs));
    ejsMs += ms;
    return value;
  };

  let seq = 0;
  const options = () => ({
    name: `inproc-${++seq}`,
    kind: "http",
    owner: "payments",
    skipInstall: true,
  });
  const check = (tree: import("@nx/devkit").Tree) => {
    if (tree.listChanges().length < 10) throw new Error("the generator wrote too little");
  };
  const call = async () => {
    const tree = new FsTree(root, false);
    const { ms } = await timedAsync(() => serviceGenerator(tree, options()));
    check(tree);
    return ms;
  };
  /** The generator's body (generator.ts), phase by phase. */
  const phases = async (): Promise<Record<string, number>> => {
    const tree = new FsTree(root, false);
    const ms: Record<string, number> = {};
    const sinceLast = stopwatch();
    const lap = (key: keyof typeof PHASES) => {
      ms[PHASES[key]] = sinceLast();
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

  const result: ChildResult = {
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
    result.contextMs = timed(() => globWithWorkspaceContextSync(root, ["package.json"])).ms;
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
 */
async function profiled(count: number, fn: () => Promise<unknown>) {
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
  const selfUs: Map<number, number> = new Map();
  let timestamp = profile.startTime;
  (profile.samples ?? []).forEach((id, i) => {
    const delta = deltas[i] ?? 0;
    timestamp += delta;
    if (timestamp > from && timestamp <= to) selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const byPackage: Map<string, number> = new Map();
  const byFunction: Map<string, number> = new Map();
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
  const top = (map: Map<string, number>): [string, number][] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([key, us]) => [key, us / 1000 / count]);
  return { byPackage: top(byPackage), byFunction: top(byFunction) };
}

/** The package a profiled function belongs to. */
function packageOf(file: string) {
  if (file === "") return "";
  if (file.startsWith("node:")) return "node (built-in modules)";
  const match = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file);
  if (match?.[1]) return match[1];
  if (file.includes("/tools/platform/")) return "@acme/platform (the generator)";
  return shortPath(file);
}

/** A profiled file's path, from the workspace root or its package. */
function shortPath(file: string) {
  return file.replace(/^.*\/node_modules\//, "").replace(/^.*\/(tools\/platform\/)/, "$1");
}

// ---------------------------------------------------------------------------------------------
// Report

function printReport({
  cases,
  results,
  inproc,
  parity,
  loadBefore,
}: {
  cases: Case[];
  results: Map<string, Results>;
  inproc: InProcessResult;
  parity: { files: number; differences: string[] };
  loadBefore: number;
}) {
  const stats = (id: string) => summary(results.get(id)?.times ?? []);
  console.log(`\n## Service generator: ${runs} runs per case, after one warm-up round\n`);
  console.log(`${machineNote(loadBefore)}\n`);

  const cpuStats = (id: string) => summary(results.get(id)?.cpu ?? []);
  const mainCpuStats = (id: string) => summary(results.get(id)?.mainCpu ?? []);
  const rows = [
    [
      "case",
      "median ms",
      "min",
      "max",
      "× bare nx g",
      "warm-up run",
      "CPU ms",
      "CPU × bare",
      "main process CPU ms",
      "main CPU × bare",
    ],
  ];
  for (const c of cases) {
    const s = stats(c.id);
    const first = results.get(c.id)?.first ?? Number.NaN;
    rows.push([
      c.label,
      fmt(s.median),
      fmt(s.min),
      fmt(s.max),
      c.baseline ? ratio(s.median, stats(c.baseline).median) : "",
      fmt(first),
      fmt(cpuStats(c.id).median),
      c.baseline ? ratio(cpuStats(c.id).median, cpuStats(c.baseline).median) : "",
      fmt(mainCpuStats(c.id).median),
      c.baseline ? ratio(mainCpuStats(c.id).median, mainCpuStats(c.baseline).median) : "",
    ]);
  }
  const cold = summary(inproc.cold.map((r) => r.coldMs));
  const coldInNx = summary(inproc.coldInNx.map((r) => r.coldMs));
  const warm = summary(inproc.warm.warmMs);
  const inProcessRows: [string, { median: number; min: number; max: number }][] = [
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
    rows.push([label, fmt(s.median, 1), fmt(s.min, 1), fmt(s.max, 1), "", "", "", "", "", ""]);
  }
  console.log(table(rows));
  console.log(
    `\nCPU: ${cpuMethod()}. Main process CPU: the command's first Node process alone, where nx g runs the generator (lib/main-process-cpu.cjs).`,
  );
  console.log(
    "\nRatios: against the bare nx g (an empty generator in a workspace without the plugin) of the same configuration (hygen and node: the default one).",
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
  const loads: [keyof Loading, string][] = [
    [
      "nx",
      "require nx's FsTree (nx g has it already) + @nx/devkit (the compiled generator no longer loads it)",
    ],
    ["hygen", "require hygen's render + injector"],
    ["generator", "require the generator's modules (swc-node; nx g now loads a compiled copy)"],
  ];
  for (const [key, label] of loads) {
    const l = summary(inproc.cold.map((r) => r.load[key]));
    phaseRows.push([`(once) ${label}`, fmt(l.median, 1), fmt(l.min, 1), fmt(l.max, 1), ""]);
  }
  console.log(table(phaseRows));

  const profileTable = (title: string, entries: [string, number][] | undefined) =>
    table([[title, "self ms per call"], ...(entries ?? []).map(([k, ms]) => [k, fmt(ms, 2)])]);
  console.log(
    "\n### CPU profile of one cold call (workspace context built; the profiler slows it down)\n",
  );
  console.log(profileTable("package", inproc.coldProfile.profile?.byPackage));
  console.log("");
  console.log(profileTable("function", inproc.coldProfile.profile?.byFunction));
  console.log(`\n### CPU profile of ${calls} warm calls\n`);
  console.log(profileTable("package", inproc.warm.profile?.byPackage));

  const others = args.before ? `The hygen CLI and the ${args.before} generator` : "The hygen CLI";
  console.log("\n### Parity with nx g, same name\n");
  console.log(
    parity.differences.length === 0
      ? `${others} wrote the same ${parity.files} files as nx g, byte for byte.`
      : `Different files: ${parity.differences.join(", ")}`,
  );

  const cpuRatio = cpuStats("service").median / cpuStats("bare-empty").median;
  const serviceRatio = stats("service").median / stats("bare-empty").median;
  const extra = stats("service").median - stats("bare-empty").median;
  const verdict = (met: boolean) => (met ? "MET" : "NOT MET");
  console.log("\n### Verdict\n");
  console.log(
    `- The generator's own work, target < ${TARGET_IN_PROCESS_MS} ms. nx g makes one first call per run: ${fmt(coldInNx.median, 1)} ms (median; ${fmt(cold.median, 1)} ms when it also builds Nx's workspace context), ${verdict(coldInNx.median < TARGET_IN_PROCESS_MS)}. Warm: ${fmt(warm.median, 1)} ms, ${verdict(warm.median < TARGET_IN_PROCESS_MS)}.`,
  );
  console.log(
    `- nx g service vs a bare nx g of an empty generator in a workspace without the plugin (daemon off), target ≤ ${TARGET_RATIO}×: ${fmt(serviceRatio, 2)}× (+${fmt(extra)} ms), ${verdict(serviceRatio <= TARGET_RATIO)}; CPU time ${fmt(cpuRatio, 2)}×.`,
  );
  if (results.has("bare-empty-isolate")) {
    // A workspace without the platform has no .env either: Nx's default, plugins isolated.
    const againstNx = stats("service").median / stats("bare-empty-isolate").median;
    const cpuAgainstNx = cpuStats("service").median / cpuStats("bare-empty-isolate").median;
    console.log(
      `- nx g service (this workspace as committed, .env included) vs the bare nx g with Nx's default isolation (a workspace with neither the plugin nor the platform's .env): ${fmt(againstNx, 2)}×, CPU time ${fmt(cpuAgainstNx, 2)}×.`,
    );
  }
  const mainOverEmpty = mainCpuStats("service").median - mainCpuStats("empty").median;
  console.log(
    `- The service generator's cost in nx g's main process, over the empty generator in the same workspace: +${fmt(mainOverEmpty)} ms of CPU (medians).`,
  );
}

function fmt(ms: number, digits: number = 0) {
  return Number.isFinite(ms) ? ms.toFixed(digits) : "";
}

function positive(value: string | undefined, flag: string) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer`);
  return n;
}

/** Progress, on stderr (the report goes to stdout). */
function log(message: string) {
  console.error(`[bench] ${message}`);
}
