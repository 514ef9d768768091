#!/usr/bin/env node
// @ts-check
/**
 * The child process that evaluates one app: `node runner.mjs <options JSON>`.
 *
 * Pulumi's runtime is process-global state, so every evaluation gets a fresh process. Steps:
 * 1. bundle `sst.config.ts` with SST's `run()` wrapper (see bundle.mjs);
 * 2. import it and call `app({ stage })`, completing the result as the CLI does;
 * 3. answer the components' RPC calls (rpc-server.mjs) and mock Pulumi (mocks.mjs) with the
 *    platform's own `@pulumi/pulumi`;
 * 4. run `run()` inside a Pulumi stack and collect every registered resource until the event loop
 *    drains (functions register after their asynchronous build);
 * 5. write `{ ok, evaluation | error }` as JSON to the result file.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { homedir, tmpdir } from "node:os";
import { join, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { resolvePlatform } from "../platform.mjs";
import { bundleConfig, bundleProgram } from "./bundle.mjs";
import { answerInvoke, DEFAULT_REGION, mockResourceState, stableHash } from "./mocks.mjs";
import { startRpcServer } from "./rpc-server.mjs";

/**
 * @typedef {object} RunnerOptions
 * @property {string} appDir
 * @property {string} stage
 * @property {boolean} dev
 * @property {string} [platformDir]
 * @property {string} resultFile
 */

/** Pulumi's markers in serialized property values (sdk/nodejs/runtime/rpc.ts). */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The constant `Date.now()` of the platform source: 2024-01-01T00:00:00Z. */
const FIXED_NOW = 1704067200000;

/** @type {Error | undefined} */
let failure;
let lastMark = performance.now();
/**
 * With SST_OFFLINE_TIMING=1, prints how long each step took (to stderr).
 * @param {string} step
 */
function mark(step) {
  const now = performance.now();
  if (process.env.SST_OFFLINE_TIMING) {
    console.error(`[sst-offline] ${step}: ${Math.round(now - lastMark)} ms`);
  }
  lastMark = now;
}
let finished = false;
/** @type {() => void} */
let finish = () => {};

/** @param {unknown} error */
function fail(error) {
  if (failure) return;
  failure = error instanceof Error ? error : new Error(String(error));
  setImmediate(() => finish());
}

process.on("unhandledRejection", (error) => fail(error));
process.on("uncaughtException", (error) => fail(error));

/**
 * `@pulumi/pulumi` loads TypeScript and npm's Arborist when it starts (about 0.75 s of its 1 s),
 * for closure serialization only (dynamic providers). Load them on first use instead: a proxy
 * stands in until a property is read. Resolution stays eager, so a missing package still throws
 * where Pulumi expects it to.
 */
function deferHeavyPulumiDependencies() {
  const loader = /** @type {any} */ (Module);
  const load = loader._load;
  const deferred = new Set(["typescript", "@npmcli/arborist"]);
  const marker = `${sep}@pulumi${sep}pulumi${sep}`;
  /** @param {string} request @param {any} parent @param {boolean} isMain */
  loader._load = function (request, parent, isMain) {
    if (!deferred.has(request) || !parent?.filename?.includes(marker)) {
      return load.call(this, request, parent, isMain);
    }
    loader._resolveFilename(request, parent, isMain);
    /** @type {any} */
    let real;
    const target = () => {
      real ??= load.call(this, request, parent, isMain);
      return real;
    };
    return new Proxy(
      {},
      {
        get: (_target, key) => (key === "__esModule" ? true : target()[key]),
        has: (_target, key) => key in target(),
        ownKeys: () => Reflect.ownKeys(target()),
        getOwnPropertyDescriptor: (_target, key) => {
          const descriptor = Object.getOwnPropertyDescriptor(target(), key);
          if (descriptor) descriptor.configurable = true;
          return descriptor;
        },
      },
    );
  };
}

/**
 * Completes the app config like the CLI (pkg/project/project.go): defaults and checks.
 * @param {any} input
 * @param {string} stage
 */
function completeApp(input, stage) {
  if (!input || typeof input !== "object") throw new Error("app() must return an object.");
  if (!input.name) throw new Error("Project name is required");
  if (!input.home) {
    throw new Error('You must specify a "home" provider in the project configuration file.');
  }
  if (input.removalPolicy) throw new Error('The "removalPolicy" has been renamed to "removal"');
  /** @type {Record<string, any>} */
  const providers = {};
  for (const [name, args] of Object.entries(input.providers ?? {})) {
    if (args === true) providers[name] = {};
    else if (typeof args === "string") providers[name] = { version: args };
    else providers[name] = args;
  }
  if (input.home !== "local" && !(input.home in providers)) providers[input.home] = {};
  const removal = input.removal || "retain";
  if (!["remove", "retain", "retain-all"].includes(removal)) {
    throw new Error("Removal must be one of: remove, retain, retain-all");
  }
  return {
    name: String(input.name),
    stage,
    removal,
    providers,
    home: input.home,
    version: input.version ?? "",
    protect: Boolean(input.protect),
  };
}

/**
 * @param {RunnerOptions} options
 */
async function main(options) {
  mark(
    `node start-up until the runner ran (process uptime ${Math.round(process.uptime() * 1000)} ms)`,
  );
  const appDir = realpathSync(options.appDir);
  const platform = resolvePlatform(appDir, { platformDir: options.platformDir });
  const pulumiRequire = createRequire(join(platform.dir, "node_modules", "package.json"));

  // Per-evaluation folder: the program, a node_modules link so the program's external imports
  // (@pulumi/*, archiver...) resolve to the platform's copies, and SST's work dir (artifacts).
  const temp = realpathSync(mkdtempSync(join(tmpdir(), "sst-offline-")));
  const cleanup = () => rmSync(temp, { recursive: true, force: true });
  process.once("exit", cleanup);
  symlinkSync(join(platform.dir, "node_modules"), join(temp, "node_modules"), "dir");
  const work = join(temp, "work");
  mkdirSync(work);

  const cli = {
    command: "deploy",
    dev: options.dev,
    rpc: "",
    paths: {
      home: join(homedir(), ".config", "sst"),
      root: appDir,
      work,
      platform: platform.dir,
    },
    state: { version: {} },
  };
  const scrub = makeScrubber([
    [work, join(appDir, ".sst")],
    [platform.dir, join(appDir, ".sst", "platform")],
    [appDir, "<root>"],
  ]);

  let randomCounter = 0;
  /** @type {any} */
  const offline = {
    app: undefined,
    now: () => FIXED_NOW,
    /** @param {number} bytes */
    randomHex: (bytes) => stableHash(`random:${randomCounter++}`, bytes * 2),
  };
  /** @type {any} */ (globalThis).__sstOffline = offline;

  const programFile = join(temp, "program.mjs");
  const configFile = join(temp, "config.mjs");
  mark("setup");
  await Promise.all([
    bundleConfig({ appDir, outfile: configFile, dev: options.dev, cli }),
    bundleProgram({ appDir, platform, outfile: programFile, dev: options.dev, cli }),
  ]);
  mark("esbuild");

  // The CLI's first step: `app({ stage })` from the config alone, before any platform module loads.
  /** @type {{ default: any }} */
  const configModule = await import(pathToFileURL(configFile).href);
  const config = configModule.default;
  if (!config || typeof config.app !== "function" || typeof config.run !== "function") {
    throw new Error("sst.config.ts must export default $config({ app(), run() }).");
  }
  const app = completeApp(await config.app({ stage: options.stage }), options.stage);
  offline.app = app;

  deferHeavyPulumiDependencies();
  const pulumi = pulumiRequire("@pulumi/pulumi");
  const settings = pulumiRequire("@pulumi/pulumi/runtime/settings");

  /** @type {{ run: (program: () => unknown) => Promise<Record<string, unknown>>, mod: any }} */
  const program = await import(pathToFileURL(programFile).href);
  mark("import program");
  const region = String(app.providers.aws?.region ?? DEFAULT_REGION);
  const context = { region, partition: "aws" };

  /** @type {Map<string, any>} */
  const resources = new Map();
  /** @type {Map<string, any>} */
  const linkRefs = new Map();
  /** @type {Map<string, import("./rpc-server.mjs").FunctionBuild>} */
  const functions = new Map();

  const server = await startRpcServer({
    paths: { root: appDir, work },
    region,
    onBuild: (build) => functions.set(build.name, build),
    onError: fail,
  });
  process.env.SST_SERVER = server.url;
  process.env.SST_AWS_REGION = region;

  await pulumi.runtime.setMocks(
    {
      /** @param {{ token: string, inputs: Record<string, any> }} args */
      call(args) {
        try {
          return answerInvoke(args.token, args.inputs, context);
        } catch (error) {
          fail(error);
          throw error;
        }
      },
      /** @param {{ type: string, name: string, inputs: Record<string, any>, custom?: boolean }} args */
      newResource(args) {
        return mockResourceState(
          { type: args.type, name: args.name, inputs: args.inputs, custom: Boolean(args.custom) },
          context,
        );
      },
    },
    app.name,
    app.stage,
    false,
  );

  const monitor = settings.getMonitor();
  const stackUrn = `urn:pulumi:${app.stage}::${app.name}::pulumi:pulumi:Stack::${app.name}-${app.stage}`;
  // URNs as the engine makes them (the mock monitor's differ): the full chain of parent types,
  // without the root stack's type.
  /** @param {string | undefined} parent @param {string} type @param {string} name */
  monitor.newUrn = (parent, type, name) => {
    const qualified = parent && parent !== stackUrn ? `${parent.split("::")[2]}$${type}` : type;
    return `urn:pulumi:${app.stage}::${app.name}::${qualified}::${name}`;
  };
  /** @type {Map<string, string>} */
  const ids = new Map();
  const registerResource = monitor.registerResource.bind(monitor);
  /** @param {any} req @param {any} callback */
  monitor.registerResource = (req, callback) => {
    const type = req.getType();
    const name = req.getName();
    const parent = req.getParent() || undefined;
    const urn = monitor.newUrn(parent, type, name);
    if (resources.has(urn)) {
      fail(new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`));
    }
    const propertyDependencies = new Set();
    req.getPropertydependenciesMap().forEach((/** @type {any} */ deps) => {
      for (const dep of deps.getUrnsList()) propertyDependencies.add(dep);
    });
    /** @type {Record<string, unknown>} */
    const resourceOptions = {};
    if (req.getRetainondelete()) resourceOptions.retainOnDelete = true;
    if (req.getProtect()) resourceOptions.protect = true;
    const ignoreChanges = req.getIgnorechangesList();
    if (ignoreChanges.length > 0) resourceOptions.ignoreChanges = [...ignoreChanges];
    const dependsOn = req
      .getDependenciesList()
      .filter((/** @type {string} */ dep) => !propertyDependencies.has(dep));
    if (dependsOn.length > 0) resourceOptions.dependsOn = [...new Set(dependsOn)].sort();
    if (req.getDeletebeforereplace()) resourceOptions.deleteBeforeReplace = true;

    if (type !== "pulumi:pulumi:Stack") {
      resources.set(urn, {
        urn,
        type,
        name,
        parent: parent && parent !== stackUrn ? parent : undefined,
        custom: req.getCustom(),
        inputs: plain(req.getObject()?.toJavaScript() ?? {}),
        options: resourceOptions,
      });
    }
    return registerResource(req, (/** @type {any} */ error, /** @type {any} */ response) => {
      const id = response?.getId?.();
      if (id) ids.set(urn, id);
      callback(error, response);
    });
  };
  const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
  /** @param {any} req @param {any} callback */
  monitor.registerResourceOutputs = (req, callback) => {
    const urn = req.getUrn();
    if (urn.split("::")[2]?.endsWith("sst:sst:LinkRef")) {
      linkRefs.set(urn, plain(req.getOutputs()?.toJavaScript() ?? {}));
    }
    return registerResourceOutputs(req, callback);
  };

  /** @type {Record<string, unknown> | undefined} */
  let stackOutputs;
  pulumi.runtime
    .runInPulumiStack(() => program.run(program.mod.run))
    .then((/** @type {Record<string, unknown>} */ outputs) => {
      stackOutputs = outputs ?? {};
    }, fail);

  finish = () => {
    if (finished) return;
    finished = true;
    mark("run() until the event loop drained");
    server.close();
    /** @type {unknown} */
    let result;
    if (failure) {
      // SST_OFFLINE_STACK=1 keeps the stack, to debug a failure inside SST's components.
      const detail = process.env.SST_OFFLINE_STACK ? (failure.stack ?? "") : failure.message;
      result = { ok: false, error: { name: failure.name, message: scrub(detail) } };
    } else if (!stackOutputs) {
      result = {
        ok: false,
        error: { name: "Error", message: "The program stopped before run() finished." },
      };
    } else {
      result = {
        ok: true,
        evaluation: scrub(
          collect({ app, resources, ids, linkRefs, functions, outputs: plain(stackOutputs) }),
        ),
      };
    }
    writeFileSync(options.resultFile, JSON.stringify(result));
    process.exit(failure ? 1 : 0);
  };
  process.once("beforeExit", () => finish());
}

/**
 * @param {object} input
 * @param {ReturnType<typeof completeApp>} input.app
 * @param {Map<string, any>} input.resources
 * @param {Map<string, string>} input.ids the mock ids of custom resources
 * @param {Map<string, any>} input.linkRefs
 * @param {Map<string, import("./rpc-server.mjs").FunctionBuild>} input.functions
 * @param {any} input.outputs
 */
function collect({ app, resources, ids, linkRefs, functions, outputs }) {
  const byUrn = (/** @type {{ urn: string }} */ a, /** @type {{ urn: string }} */ b) =>
    a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0;
  const links = [...linkRefs.entries()]
    .map(([urn, out]) => ({ urn, out }))
    .sort(byUrn)
    .filter(({ out }) => out.target && out.properties)
    .map(({ out }) => ({
      name: String(out.target),
      type: String(out.properties.type ?? ""),
      properties: out.properties,
    }));
  const functionLinks = Object.fromEntries(
    [...functions.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((fn) => [fn.name, Object.keys(fn.links).sort()]),
  );
  const functionsBuilt = Object.fromEntries(
    [...functions.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((fn) => [
        fn.name,
        {
          handler: fn.handler,
          file: fn.file,
          runtime: fn.runtime,
          links: Object.keys(fn.links).sort(),
          ...(fn.nodejs ? { nodejs: plain(fn.nodejs) } : {}),
        },
      ]),
  );
  // Linkables that got no LinkRef (children of other components) are known from the builds.
  for (const fn of functions.values()) {
    for (const [name, properties] of Object.entries(fn.links)) {
      if (links.some((link) => link.name === name)) continue;
      links.push({
        name,
        type: String(properties.type ?? ""),
        properties: /** @type {Record<string, unknown>} */ (plain(properties)),
      });
    }
  }
  links.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    app: {
      name: app.name,
      stage: app.stage,
      removal: app.removal,
      protect: app.protect,
    },
    resources: [...resources.values()].sort(byUrn).map((resource) => ({
      urn: resource.urn,
      type: resource.type,
      name: resource.name,
      ...(ids.has(resource.urn) ? { id: ids.get(resource.urn) } : {}),
      ...(resource.parent ? { parent: resource.parent } : {}),
      inputs: resource.inputs,
      options: resource.options,
    })),
    outputs: Object.fromEntries(
      Object.entries(outputs ?? {})
        .filter(([key]) => !key.startsWith("_"))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    ),
    links,
    functionLinks,
    functions: functionsBuilt,
  };
}

/**
 * A serialized Pulumi property value as plain JSON: secrets unwrapped, assets and archives as
 * `{ $asset | $archive, ... }`, resource references as their URN, keys sorted.
 * @param {unknown} value
 * @returns {unknown}
 */
function plain(value) {
  if (value === UNKNOWN) return "<unknown>";
  if (Array.isArray(value)) return value.map(plain);
  if (!value || typeof value !== "object") return value;
  const record = /** @type {Record<string, any>} */ (value);
  switch (record[SIG]) {
    case SECRET_SIG:
    case OUTPUT_SIG:
      return plain(record.value);
    case RESOURCE_SIG:
      return record.urn;
    case ASSET_SIG:
      if (record.path !== undefined) return { $asset: "FileAsset", path: record.path };
      if (record.text !== undefined) return { $asset: "StringAsset", text: record.text };
      return { $asset: "RemoteAsset", uri: record.uri };
    case ARCHIVE_SIG:
      if (record.assets !== undefined) {
        return { $archive: "AssetArchive", assets: plain(record.assets) };
      }
      if (record.path !== undefined) return { $archive: "FileArchive", path: record.path };
      return { $archive: "RemoteArchive", uri: record.uri };
    default:
      break;
  }
  /** @type {Record<string, unknown>} */
  const result = {};
  for (const key of Object.keys(record).sort()) {
    result[key] = key === "__provider" ? "<dynamic provider>" : plain(record[key]);
  }
  return result;
}

/**
 * Replaces machine-specific paths in every string of a JSON value.
 * @param {[string, string][]} replacements
 */
function makeScrubber(replacements) {
  /**
   * @template T
   * @param {T} value
   * @returns {T}
   */
  const scrub = (value) => {
    if (typeof value === "string") {
      let text = /** @type {string} */ (value);
      for (const [from, to] of replacements) text = text.split(from).join(to);
      return /** @type {T} */ (/** @type {unknown} */ (text));
    }
    if (Array.isArray(value)) return /** @type {T} */ (/** @type {unknown} */ (value.map(scrub)));
    if (value && typeof value === "object") {
      return /** @type {T} */ (
        Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item)]))
      );
    }
    return value;
  };
  return scrub;
}

const [raw] = process.argv.slice(2);
if (!raw) {
  console.error("Usage: node runner.mjs <options JSON>");
  process.exit(2);
}
/** @type {RunnerOptions} */
const runnerOptions = JSON.parse(raw);
finish = () => {
  if (finished) return;
  finished = true;
  const message =
    (process.env.SST_OFFLINE_STACK ? failure?.stack : failure?.message) ??
    "The evaluation stopped before it started.";
  writeFileSync(
    runnerOptions.resultFile,
    JSON.stringify({ ok: false, error: { name: failure?.name ?? "Error", message } }),
  );
  process.exit(1);
};
main(runnerOptions).catch(fail);
