/**
 * The runner (runner/runner.ts) as one JavaScript file that a plain `node` starts with no
 * TypeScript loader: compiled with esbuild on first use, and kept in a cache keyed by a hash of
 * every file the bundle was built from (the runner's modules, @acme/contract, esbuild's version).
 * @acme/compiled keeps it (`compiledFile`), as it keeps the bins' compiled copies. An edit to any of
 * those files makes the next evaluation compile again (about 0.1 s); otherwise checking the cache
 * costs a few milliseconds, once per process.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * This package's folder. A compiled copy of a bin (@acme/compiled) is CommonJS, one file for many
 * modules, with no `import.meta.url`; there the package is found by its name, as its bins'
 * dependents resolve it (Node resolves a package's own name from inside it too).
 */
const PACKAGE_DIR = import.meta.url
  ? fileURLToPath(new URL("..", import.meta.url))
  : dirname(dirname(require.resolve("@acme/sst-offline")));

/**
 * @acme/compiled's `compiledFile`, required as the bins require the loader: this file is type-checked
 * in every package that uses the evaluator, under `module: "Preserve"`, where TypeScript cannot
 * read a `.cjs` file's JSDoc types.
 */
const { compiledFile } = createRequire(join(PACKAGE_DIR, "package.json"))("@acme/compiled") as {
  compiledFile(
    entry: string,
    options: { cacheDir: string; name: string; format: "esm" },
  ): Promise<string>;
};

/** The runner's TypeScript entry. */
export const RUNNER_SOURCE = join(PACKAGE_DIR, "src", "runner", "runner.ts");

/**
 * Where compiled runners are kept (git-ignored with node_modules). Inside the package, so that the
 * runner's one npm import (esbuild) resolves from there.
 */
export const RUNNER_CACHE_DIR = join(PACKAGE_DIR, "node_modules", ".cache", "sst-offline");

export interface RunnerScriptOptions {
  /** The entry to compile (default: the runner). */
  source?: string;
  /** Where compiled files and their pointer go (default: {@link RUNNER_CACHE_DIR}). */
  cacheDir?: string;
}

/** The runner, checked once per process (its sources do not change under a running evaluation). */
let prepared: Promise<string> | undefined;

/** The path of the compiled runner (`runner-<hash>.mjs`), compiling it first when a source changed. */
export function runnerScript(options: RunnerScriptOptions = {}): Promise<string> {
  const source = options.source ?? RUNNER_SOURCE;
  const cacheDir = options.cacheDir ?? RUNNER_CACHE_DIR;
  const compile = () => compiledFile(source, { cacheDir, name: "runner", format: "esm" });
  if (source !== RUNNER_SOURCE || cacheDir !== RUNNER_CACHE_DIR) return compile();
  prepared ??= compile().catch((error: unknown) => {
    prepared = undefined;
    throw error;
  });
  return prepared;
}
