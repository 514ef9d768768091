// @ts-check
/**
 * Compiles a TypeScript entry of a workspace package to one JavaScript file, kept in a cache and
 * rebuilt only when a file it was built from changed. Nx loads a plugin, an executor or a generator
 * written in TypeScript through a transpiler that it registers for the purpose, and a bin launched
 * through tsx pays for tsx's loader and for transpiling its sources on every start; both cost more
 * than the code itself (bench/README.md, "Plugin load", "Bin start-up"). So the platform's entries
 * (@acme/platform's `plugin.cjs`, `executors/*.cjs`, `generators/*.cjs`, and the bins of
 * @acme/platform, @acme/sst-offline, @acme/policy, @acme/local and @acme/ci) load a compiled
 * copy instead (`loadCompiled`): the entry and the workspace sources it imports, bundled by
 * esbuild into Nx's workspace data directory. @acme/sst-offline's runner, a script that a plain `node` starts, is
 * compiled the same way (`compiledFile`, which gives the file's path). A copy is named by a hash of
 * the exact files it was built from (esbuild's metafile), so it is never stale: after any change to
 * them, the next start rebuilds it (about 0.1 s).
 *
 * A CommonJS copy is one file for many modules, so `import.meta.url` is undefined in it (esbuild
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
const { Script } = require("node:vm");
const { threadId } = require("node:worker_threads");

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

/**
 * One state of a file, told without reading it: its inode, size, and modification and change
 * times in nanoseconds. The kernel moves the change time (ctime) on every write and on every
 * change of the other times, and no system call sets it, so the same stamp means the same bytes,
 * once the clock has moved on since it was recorded ({@link changedAsRecorded}); an editor that
 * saves by renaming gives a new inode. A file that was only touched, copied or checked out again
 * gets a new stamp, and is then hashed.
 * @param {string} input workspace-relative path
 */
function stampOf(input) {
  const stat = statSync(join(root, input), { bigint: true, throwIfNoEntry: false });
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}` : "missing";
}

/**
 * Whether a file may have changed in the clock tick in which its stamp was recorded (git's "racily
 * clean" case): a file system's times are coarse (a second on some, a kernel tick on Linux before
 * 6.13), so a same-size write in that tick leaves the stamp as recorded. Such a stamp proves
 * nothing: its file is hashed. Told by the file's change time not being older than the pointer's
 * modification time (the same clock and, usually, file system).
 * @param {string[]} stamps as {@link stampOf} gives them
 * @param {string} pointerFile
 */
function changedAsRecorded(stamps, pointerFile) {
  const recorded = statSync(pointerFile, { bigint: true }).mtimeNs;
  return stamps.some((stamp) => BigInt(stamp.split(":")[3] ?? "0") >= recorded);
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
 * Where one entry's copies are kept: the pointer `<dir>/<name>.json` records the current copy
 * `<dir>/<name>-<hash><extension>`, the files it was built from and the settings it was built with.
 * @typedef {{ dir: string, name: string, extension: ".cjs" | ".mjs", pointerFile: string }} Copies
 * What decides the output besides the files, recorded in the pointer and compared with it.
 * @typedef {{ format: "cjs" | "esm", inline: readonly string[], importAsRequire?: boolean }} Settings
 */

/**
 * @param {string} dir
 * @param {string} name
 * @param {Settings["format"]} format
 * @returns {Copies}
 */
function copiesOf(dir, name, format) {
  return {
    dir,
    name,
    extension: format === "esm" ? ".mjs" : ".cjs",
    pointerFile: join(dir, `${name}.json`),
  };
}

/**
 * The copy recorded last, if it was built with `settings` and every file it was built from is
 * unchanged: each file's stamp as recorded ({@link stampOf}: no file is read), or else the hash of
 * their contents as recorded (the new stamps are then recorded, so the next start reads nothing).
 * @param {Copies} copies
 * @param {Settings} settings
 */
function current(copies, settings) {
  if (!existsSync(copies.pointerFile)) return undefined;
  try {
    const pointer = JSON.parse(readFileSync(copies.pointerFile, "utf8"));
    const bundle = join(copies.dir, pointer.bundle);
    const sameBuild =
      pointer.format === settings.format &&
      JSON.stringify(pointer.inline) === JSON.stringify(settings.inline) &&
      (pointer.importAsRequire ?? false) === (settings.importAsRequire ?? false);
    if (!sameBuild || !existsSync(bundle)) return undefined;
    // Stamped before hashing: a file written meanwhile has a newer stamp, so it is hashed again.
    /** @type {string[]} */
    const stamps = pointer.inputs.map(stampOf);
    const sameStamps = stamps.every((stamp, index) => stamp === pointer.stamps?.[index]);
    if (sameStamps && !changedAsRecorded(stamps, copies.pointerFile)) return bundle;
    if (pointer.hash !== hashOf(pointer.inputs)) return undefined;
    try {
      writeAtomically(copies.pointerFile, JSON.stringify({ ...pointer, stamps }, null, 2));
    } catch {
      // A read-only data directory: the next start hashes again.
    }
    return bundle;
  } catch {
    return undefined;
  }
}

/**
 * esbuild's options for `entry`: one file with the workspace's sources, npm packages left to
 * `require`/`import` except the inlined ones.
 * @param {string} entry absolute
 * @param {Settings} settings
 * @returns {import("esbuild").BuildOptions & { metafile: true, write: false }}
 */
function buildOptions(entry, settings) {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: settings.format,
    target: "node20",
    external: externalPackages(settings.inline, dirname(entry)),
    ...(settings.importAsRequire ? { supported: { "dynamic-import": false } } : {}),
    metafile: true,
    write: false,
    absWorkingDir: root,
    logLevel: "silent",
  };
}

let temporaries = 0;

/**
 * Writes through a temporary file and a rename, so a reader (another process, or another build in
 * this one) never sees half a file. The temporary name holds the thread too: worker threads share
 * the process id, and each counts from zero.
 * @param {string} file
 * @param {string | Uint8Array} contents
 */
function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}-${threadId}-${++temporaries}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/**
 * Keeps esbuild's output as the current copy, named by the hash of every file it was built from,
 * and returns its path.
 * @param {Copies} copies
 * @param {Settings} settings
 * @param {{ metafile: import("esbuild").Metafile, outputFiles: import("esbuild").OutputFile[] }} result
 */
function keep(copies, settings, result) {
  const sources = Object.keys(result.metafile.inputs).map((input) =>
    relative(root, resolve(root, input)),
  );
  // Their package.json files too: their "exports" decide what an import resolves to. And how the
  // copy is built is an input too: this file, and esbuild's version (its package.json).
  const esbuildManifest = relative(root, require.resolve("esbuild/package.json"));
  const inputs = [
    ...new Set([
      ...sources,
      ...sources.map(manifestOf),
      relative(root, __filename),
      esbuildManifest,
    ]),
  ].sort();
  const stamps = inputs.map(stampOf);
  const hash = hashOf(inputs);
  const bundle = `${copies.name}-${hash}${copies.extension}`;
  mkdirSync(copies.dir, { recursive: true });
  writeAtomically(join(copies.dir, bundle), result.outputFiles[0]?.contents ?? "");
  writeAtomically(
    copies.pointerFile,
    JSON.stringify({ hash, bundle, ...settings, inputs, stamps }, null, 2),
  );
  removeStaleCopies(copies, bundle);
  return join(copies.dir, bundle);
}

/**
 * Copies built from older sources, and their code caches: every edit to a bin's sources makes one,
 * so they are removed once no process can still be starting them (an hour old).
 * @param {Copies} copies
 * @param {string} current the copy just built
 */
function removeStaleCopies(copies, current) {
  const hourAgo = Date.now() - 3_600_000;
  const literal = (/** @type {string} */ text) => text.replace(/[.-]/g, "\\$&");
  const stale = new RegExp(
    `^${literal(copies.name)}-[0-9a-f]{16}${literal(copies.extension)}(\\.v8cache)?$`,
  );
  for (const file of readdirSync(copies.dir)) {
    if (file === current || file === `${current}.v8cache` || !stale.test(file)) continue;
    try {
      if (statSync(join(copies.dir, file)).mtimeMs < hourAgo) rmSync(join(copies.dir, file));
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
 *
 * V8 compiles the copy from its code cache when there is one for these exact bytes (see
 * {@link codeCacheOf}): a copy is hundreds of kilobytes (a generator inlines hygen), and compiling
 * it, then each function it runs, was about a fifth of a generator's cost in `nx g`
 * (bench/README.md, "Service generator: the compiled copy's code cache"). Node 20 has no
 * `module.enableCompileCache`, hence `vm.Script` with `cachedData`, as Node's own cache does it.
 * @param {string} packageDir
 * @param {string} bundle
 */
function load(packageDir, bundle) {
  const filename = join(packageDir, basename(bundle));
  const compiled = new Module(filename, /** @type {any} */ (module));
  compiled.filename = filename;
  compiled.paths = /** @type {any} */ (Module)._nodeModulePaths(packageDir);
  const source = readFileSync(bundle, "utf8");
  // `import()` in a vm.Script needs Node's experimental loader constant, which prints a warning
  // when it runs: a copy that may import dynamically (or only mentions it) loads as before.
  if (/\bimport\s*\(/.test(source)) {
    /** @type {any} */ (compiled)._compile(source, filename);
    return compiled.exports;
  }
  const cache = codeCacheOf(bundle, source);
  // A hashbang is valid only where a script starts, not inside the wrapper: made a comment.
  const body = source.startsWith("#!") ? `//${source.slice(2)}` : source;
  const script = new Script(Module.wrap(body), { filename, cachedData: cache.read() });
  // Written once the process has run the copy, so that it holds the functions compiled meanwhile.
  if (script.cachedDataRejected !== false) writeAtExit(() => cache.write(script));
  const wrapper = script.runInThisContext({ displayErrors: true });
  const require = Module.createRequire(filename);
  wrapper.call(compiled.exports, compiled.exports, require, compiled, filename, packageDir);
  compiled.loaded = true;
  return compiled.exports;
}

/** @type {(() => void)[]} */
const atExit = [];

/**
 * Runs `write` when the process exits, through one `exit` listener for every copy (a process that
 * loads many copies would otherwise pass Node's limit of 10 listeners and print a warning).
 * @param {() => void} write
 */
function writeAtExit(write) {
  if (atExit.length === 0) {
    process.once("exit", () => {
      for (const each of atExit) each();
    });
  }
  atExit.push(write);
}

/**
 * The V8 code cache of one copy, beside it (`<copy>.v8cache`), valid for the copy's exact bytes:
 * its first line is their hash (V8 itself checks only the source's length, and its own version
 * and flags). A missing, foreign or rejected cache is rewritten when the process exits; a cache
 * that cannot be written is skipped (the next start compiles the copy again).
 * @param {string} bundle
 * @param {string} source the copy's contents
 */
function codeCacheOf(bundle, source) {
  const file = `${bundle}.v8cache`;
  const key = `${createHash("sha256").update(source).digest("hex")}\n`;
  return {
    read() {
      try {
        const data = readFileSync(file);
        return data.subarray(0, key.length).toString() === key
          ? data.subarray(key.length)
          : undefined;
      } catch {
        return undefined;
      }
    },
    /** @param {import("node:vm").Script} script */
    write(script) {
      try {
        writeAtomically(file, Buffer.concat([Buffer.from(key), script.createCachedData()]));
      } catch {
        // A read-only data directory: the copy still runs, compiled each time.
      }
    },
  };
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
 * @param {{ inline?: readonly string[], importAsRequire?: boolean }} [options] `inline`: npm
 *   packages to bundle, with their dependencies (their code then loads as one file, without
 *   resolving each module). `importAsRequire`: the sources' `import()` of npm packages compiled to
 *   `require` (Node 20.19+ and 22.12+ `require` an ES module without top-level await), so that the
 *   copy holds no `import()` and starts from V8's code cache (see {@link load}); for entries whose
 *   dynamic imports are all such packages.
 */
function loadCompiled(from, entry, name, { inline = [], importAsRequire = false } = {}) {
  const packageDir = packageDirOf(from);
  const copies = copiesOf(dataDir, `${prefixOf(packageDir)}-${name}`, "cjs");
  /** @type {Settings} */
  const settings = { format: "cjs", inline, ...(importAsRequire ? { importAsRequire } : {}) };
  const bundle =
    current(copies, settings) ??
    keep(
      copies,
      settings,
      require("esbuild").buildSync(buildOptions(join(packageDir, entry), settings)),
    );
  return load(packageDir, bundle);
}

/**
 * The path of `entry` compiled to one file in `cacheDir`, for code that is started rather than
 * loaded: a script that a plain `node` runs (@acme/sst-offline's runner). The same cache as
 * {@link loadCompiled}'s, built with esbuild's asynchronous API. The file's imports of npm
 * packages resolve from where it is: keep `cacheDir` inside the package (its `node_modules`).
 * @param {string} entry absolute path of the TypeScript entry
 * @param {{ cacheDir: string, name: string, format?: "cjs" | "esm", inline?: readonly string[] }} options
 *   `name`: the file's name before its hash (`<name>-<hash>.mjs`; the pointer is `<name>.json`)
 * @returns {Promise<string>}
 */
async function compiledFile(entry, { cacheDir, name, format = "esm", inline = [] }) {
  const copies = copiesOf(resolve(cacheDir), name, format);
  /** @type {Settings} */
  const settings = { format, inline };
  return (
    current(copies, settings) ??
    keep(copies, settings, await require("esbuild").build(buildOptions(resolve(entry), settings)))
  );
}

module.exports = { loadCompiled, compiledFile };
