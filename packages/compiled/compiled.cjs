// @ts-check
/**
 * Loads a TypeScript entry of a workspace package as compiled JavaScript. Nx loads a plugin, an
 * executor or a generator written in TypeScript through a transpiler that it registers for the
 * purpose, and a bin launched through tsx pays for tsx's loader and for transpiling its sources on
 * every start; both cost more than the code itself (bench/README.md, "Plugin load", "Bin
 * start-up"). So the platform's entries (@acme/platform's `plugin.cjs`, `executors/*.cjs`,
 * `generators/*.cjs`, and the bins of @acme/platform, @acme/sst-offline and @acme/policy) load a
 * compiled copy instead: the entry and the workspace sources it imports, bundled by esbuild into
 * Nx's workspace data directory. The copy is named by a hash of the exact files it was built from
 * (esbuild's metafile), so it is never stale: after any change to them, the next start rebuilds it
 * (about 0.1 s).
 *
 * The copy is CommonJS, one file for many modules, so `import.meta.url` is undefined in it (esbuild
 * cannot give each bundled module its own): a source that needs its own location must have another
 * way (see @acme/sst-offline's runner-script.ts).
 */
const { createHash } = require("node:crypto");
const Module = require("node:module");
const {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require("node:fs");
const { basename, dirname, join, relative, resolve } = require("node:path");

/** The workspace root: the nearest folder above this package with an nx.json. */
function workspaceRoot() {
  for (let dir = dirname(__dirname); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "nx.json"))) return dir;
    if (dirname(dir) === dir) return dirname(dirname(__dirname));
  }
}

const root = workspaceRoot();

/**
 * npm packages stay outside the bundle (Nx has most of them loaded already), except the ones an
 * entry inlines, with everything they depend on; the workspace's own packages (`@acme/*`,
 * TypeScript) are bundled. esbuild's synchronous API takes no plugins, so the rule is a list:
 * every package installed in the workspace's node_modules, with its subpaths, minus the inlined.
 * @param {readonly string[]} inline
 * @param {string} packageDir where the inlined packages are resolved from
 */
function externalPackages(inline, packageDir) {
  const inlined = dependencyClosure(inline, packageDir);
  const nodeModules = join(root, "node_modules");
  return readdirSync(nodeModules).flatMap((entry) => {
    if (entry.startsWith(".") || entry === "@acme") return [];
    if (!entry.startsWith("@")) return inlined.has(entry) ? [] : [entry, `${entry}/*`];
    return readdirSync(join(nodeModules, entry))
      .map((scoped) => `${entry}/${scoped}`)
      .filter((scoped) => !inlined.has(scoped))
      .flatMap((scoped) => [scoped, `${scoped}/*`]);
  });
}

/**
 * Where Node would find package `name` from folder `from` (its package.json read directly: not
 * every package exports it).
 * @param {string} name
 * @param {string} from
 */
function installedAt(name, from) {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The names of `names` and of every package they depend on, directly or not (wherever npm put
 * them: esbuild resolves each import from its importer, so only the names matter here).
 * @param {readonly string[]} names
 * @param {string} from the folder they are resolved from
 */
function dependencyClosure(names, from) {
  const seen = new Set();
  /** @param {string} name @param {string} importer */
  const visit = (name, importer) => {
    if (seen.has(name)) return;
    seen.add(name);
    const packageDir = installedAt(name, importer);
    if (!packageDir) return; // an optional dependency that is not installed
    const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      visit(dependency, packageDir);
    }
  };
  for (const name of names) visit(name, from);
  return seen;
}
const dataDir = resolve(
  root,
  process.env.NX_WORKSPACE_DATA_DIRECTORY ?? join(".nx", "workspace-data"),
);

/**
 * The package.json of the package a workspace file belongs to.
 * @param {string} file workspace-relative
 */
function manifestOf(file) {
  for (let dir = dirname(join(root, file)); dir.startsWith(root); dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return relative(root, join(dir, "package.json"));
  }
  return "package.json";
}

/** @param {string[]} inputs workspace-relative paths */
function hashOf(inputs) {
  const hash = createHash("sha256");
  for (const input of inputs) {
    hash.update(input).update("\0");
    hash.update(existsSync(join(root, input)) ? readFileSync(join(root, input)) : "missing");
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * The compiled copy recorded last, if every file it was built from is unchanged.
 * @param {string} pointerFile
 * @param {readonly string[]} inline
 */
function current(pointerFile, inline) {
  if (!existsSync(pointerFile)) return undefined;
  try {
    const pointer = JSON.parse(readFileSync(pointerFile, "utf8"));
    const bundle = join(dataDir, pointer.bundle);
    const sameBuild = JSON.stringify(pointer.inline ?? []) === JSON.stringify(inline);
    return sameBuild && pointer.hash === hashOf(pointer.inputs) && existsSync(bundle)
      ? bundle
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Bundles `entry`; written to temporary names and renamed, so a reader never sees half a file.
 * @param {string} packageDir
 * @param {string} entry
 * @param {string} name the copy's file name, without its hash
 * @param {string} pointerFile
 * @param {readonly string[]} inline
 */
function build(packageDir, entry, name, pointerFile, inline) {
  const esbuild = require("esbuild");
  const result = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: externalPackages(inline, packageDir),
    metafile: true,
    write: false,
    absWorkingDir: root,
    logLevel: "silent",
  });
  const sources = Object.keys(result.metafile.inputs).map((input) =>
    relative(root, resolve(root, input)),
  );
  // Their package.json files too: their "exports" decide what an import resolves to.
  // And this file: how the copy is built is an input too.
  const inputs = [
    ...new Set([...sources, ...sources.map(manifestOf), relative(root, __filename)]),
  ].sort();
  const hash = hashOf(inputs);
  const bundle = `${name}-${hash}.cjs`;
  mkdirSync(dataDir, { recursive: true });
  const temp = `.${process.pid}-${Date.now()}`;
  writeFileSync(join(dataDir, bundle + temp), result.outputFiles[0]?.contents ?? "");
  renameSync(join(dataDir, bundle + temp), join(dataDir, bundle));
  writeFileSync(pointerFile + temp, JSON.stringify({ hash, bundle, inline, inputs }, null, 2));
  renameSync(pointerFile + temp, pointerFile);
  removeStaleCopies(name, bundle);
  return join(dataDir, bundle);
}

/**
 * Copies of `name` built from older sources: every edit to a bin's sources makes one, so they are
 * removed once no process can still be starting them (an hour old).
 * @param {string} name
 * @param {string} current the copy just built
 */
function removeStaleCopies(name, current) {
  const hourAgo = Date.now() - 3_600_000;
  const stale = new RegExp(`^${name.replace(/[.-]/g, "\\$&")}-[0-9a-f]{16}\\.cjs$`);
  for (const file of readdirSync(dataDir)) {
    if (file === current || !stale.test(file)) continue;
    try {
      if (statSync(join(dataDir, file)).mtimeMs < hourAgo) rmSync(join(dataDir, file));
    } catch {
      // Another process removed it first.
    }
  }
}

/**
 * Runs the compiled copy as a module of the package it was built for, so that its npm imports
 * resolve from there, wherever the workspace data directory is: `require` through the module's
 * paths, and `import()` (ESM-only packages such as @clack/prompts) through its file name, which is
 * therefore the copy's name in that package's folder (stack traces show it there; the file itself
 * is in the data directory).
 * @param {string} packageDir
 * @param {string} bundle
 */
function load(packageDir, bundle) {
  const filename = join(packageDir, basename(bundle));
  const compiled = new Module(filename, /** @type {any} */ (module));
  compiled.filename = filename;
  compiled.paths = /** @type {any} */ (Module)._nodeModulePaths(packageDir);
  /** @type {any} */ (compiled)._compile(readFileSync(bundle, "utf8"), filename);
  return compiled.exports;
}

/**
 * The name of a package's copies: its npm name as a file name (`@acme/platform`: `acme-platform`).
 * @param {string} packageDir
 */
function prefixOf(packageDir) {
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  return String(manifest.name)
    .replace(/^@/, "")
    .replace(/[^a-zA-Z0-9.-]+/g, "-");
}

/**
 * The package folder `from` is in: the nearest folder at or above it with a package.json.
 * @param {string} from
 */
function packageDirOf(from) {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json at or above ${from}.`);
  }
}

/**
 * The exports of `entry` of a workspace package, compiled.
 * @param {string} from a folder of the package: the launcher's `__dirname` (CommonJS) or
 *   `import.meta.dirname` (ESM)
 * @param {string} entry relative to the package's folder
 * @param {string} name names the copy in the workspace data directory, after the package's name
 * @param {{ inline?: readonly string[] }} [options] `inline`: npm packages to bundle, with their
 *   dependencies (their code then loads as one file, without resolving each module)
 */
function loadCompiled(from, entry, name, { inline = [] } = {}) {
  const packageDir = packageDirOf(from);
  const fullName = `${prefixOf(packageDir)}-${name}`;
  const pointerFile = join(dataDir, `${fullName}.json`);
  return load(
    packageDir,
    current(pointerFile, inline) ??
      build(packageDir, join(packageDir, entry), fullName, pointerFile, inline),
  );
}

module.exports = { loadCompiled };
