/**
 * The runner (runner/runner.ts) as one JavaScript file that a plain `node` starts with no
 * TypeScript loader: compiled with esbuild on first use, and kept in a cache keyed by a hash of
 * every file the bundle was built from (the runner's modules, @acme/contract) and esbuild's
 * version. An edit to any of them makes the next evaluation compile again (about 0.1 s); otherwise
 * checking the cache costs a few milliseconds, once per process.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, version as esbuildVersion } from "esbuild";

/**
 * This package's folder. A compiled copy of a bin (@acme/compiled) is CommonJS, one file for many
 * modules, with no `import.meta.url`; there the package is found by its name, as its bins'
 * dependents resolve it (Node resolves a package's own name from inside it too).
 */
const PACKAGE_DIR = import.meta.url
  ? fileURLToPath(new URL("..", import.meta.url))
  : dirname(dirname(require.resolve("@acme/sst-offline")));

/** The runner's TypeScript entry. */
export const RUNNER_SOURCE = join(PACKAGE_DIR, "src", "runner", "runner.ts");

/** Where compiled runners are kept (git-ignored with node_modules). */
export const RUNNER_CACHE_DIR = join(PACKAGE_DIR, "node_modules", ".cache", "sst-offline");

const MANIFEST = "runner.json";

/** What the cache records about the last compiled runner. */
interface Manifest {
  /** The entry compiled. */
  source: string;
  /** The hash of {@link inputs}' contents and esbuild's version. */
  key: string;
  /** The compiled runner. */
  file: string;
  /** Every file the bundle was built from (absolute paths). */
  inputs: string[];
}

export interface RunnerScriptOptions {
  /** The entry to compile (default: the runner). */
  source?: string;
  /** Where compiled files and the manifest go (default: {@link RUNNER_CACHE_DIR}). */
  cacheDir?: string;
}

/** The runner, checked once per process (its sources do not change under a running evaluation). */
let prepared: Promise<string> | undefined;

/** The path of the compiled runner, compiling it first when a source changed. */
export function runnerScript(options: RunnerScriptOptions = {}): Promise<string> {
  const source = options.source ?? RUNNER_SOURCE;
  const cacheDir = options.cacheDir ?? RUNNER_CACHE_DIR;
  if (source !== RUNNER_SOURCE || cacheDir !== RUNNER_CACHE_DIR) return prepare(source, cacheDir);
  prepared ??= prepare(source, cacheDir).catch((error: unknown) => {
    prepared = undefined;
    throw error;
  });
  return prepared;
}

async function prepare(source: string, cacheDir: string): Promise<string> {
  const manifest = readManifest(join(cacheDir, MANIFEST));
  const current =
    manifest?.source === source &&
    existsSync(manifest.file) &&
    inputsKey(manifest.inputs, dirname(source)) === manifest.key;
  return current ? manifest.file : compile(source, cacheDir);
}

function readManifest(file: string): Manifest | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<Manifest>;
    if (typeof parsed.key !== "string" || typeof parsed.file !== "string") return undefined;
    if (typeof parsed.source !== "string") return undefined;
    if (!Array.isArray(parsed.inputs)) return undefined;
    return parsed as Manifest;
  } catch {
    return undefined;
  }
}

/**
 * The cache key of a set of input files; undefined when one of them is gone. Paths count relative
 * to `base`, so the same sources give the same key in another checkout (the runner's file name is
 * part of an evaluation artifact's key, which Nx may restore elsewhere).
 */
export function inputsKey(inputs: readonly string[], base: string): string | undefined {
  const hash = createHash("sha256").update(`esbuild ${esbuildVersion}\n`);
  for (const file of [...inputs].sort()) {
    let contents: Buffer;
    try {
      contents = readFileSync(file);
    } catch {
      return undefined;
    }
    hash.update(`${relative(base, file)}\n${contents.length}\n`).update(contents);
  }
  return hash.digest("hex");
}

async function compile(source: string, cacheDir: string): Promise<string> {
  const esbuildEntry = createRequire(join(PACKAGE_DIR, "package.json")).resolve("esbuild");
  const result = await build({
    entryPoints: [source],
    absWorkingDir: dirname(source),
    bundle: true,
    platform: "node",
    format: "esm",
    target: `node${process.versions.node.split(".")[0]}`,
    metafile: true,
    write: false,
    outfile: join(cacheDir, "runner.mjs"),
    logLevel: "silent",
    plugins: [
      {
        // esbuild has a native binary: import it from where it is installed, wherever the bundle is.
        name: "esbuild-external",
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /^esbuild$/ }, () => ({
            path: esbuildEntry,
            external: true,
          }));
        },
      },
    ],
  });
  const inputs = Object.keys(result.metafile.inputs).map((input) =>
    resolve(dirname(source), input),
  );
  const key = inputsKey(inputs, dirname(source));
  const [output] = result.outputFiles;
  if (!key || !output) throw new Error("Compiling the sst-offline runner produced nothing.");
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `runner-${key.slice(0, 16)}.mjs`);
  writeAtomically(file, output.contents);
  writeAtomically(
    join(cacheDir, MANIFEST),
    JSON.stringify({ source, key, file, inputs } satisfies Manifest),
  );
  removeStaleRunners(cacheDir, file);
  return file;
}

/** Writes through a temporary file and a rename, so a concurrent reader never sees half a file. */
function writeAtomically(file: string, contents: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

/** Runners compiled from older sources, once no evaluation can still be starting them. */
function removeStaleRunners(cacheDir: string, current: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(cacheDir)) {
    const file = join(cacheDir, name);
    if (file === current || !/^runner-.*\.mjs$/.test(name)) continue;
    try {
      if (statSync(file).mtimeMs < hourAgo) rmSync(file, { force: true });
    } catch {
      // Another process removed it first.
    }
  }
}
