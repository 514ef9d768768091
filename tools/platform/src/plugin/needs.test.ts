import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { compileFunction } from "node:vm";
import { build } from "esbuild";
import { minimatch } from "minimatch";
import { describe, expect, it } from "vitest";
import { type Need, needs } from "./needs";

const workspaceRoot = resolve(__dirname, "..", "..", "..", "..");
const pluginRoot = join(workspaceRoot, "tools", "platform");

/** An executor as executors.json declares it (paths relative to the plugin's folder). */
interface ExecutorDeclaration {
  implementation: string;
  batchImplementation?: string;
  schema: string;
}

function declaredExecutors(): Record<string, ExecutorDeclaration> {
  const manifest = JSON.parse(readFileSync(join(pluginRoot, "executors.json"), "utf8")) as {
    executors: Record<string, ExecutorDeclaration>;
  };
  return manifest.executors;
}

const workspacePath = (absolute: string) => relative(workspaceRoot, absolute);

/** The folder of the package `from` is in, as @acme/compiled's `loadCompiled` finds it. */
function packageDirOf(from: string): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
  }
  throw new Error(`No package.json at or above ${from}.`);
}

/**
 * The TypeScript source an executor entry (`executors/<name>.cjs`) loads: the entry runs with a
 * `require` that answers `@acme/compiled` only, whose `loadCompiled` records what it is asked for.
 */
function compiledSource(launcher: string): string {
  const sources: string[] = [];
  const loadCompiled = (from: string, entry: string) => {
    sources.push(join(packageDirOf(from), entry));
    return {};
  };
  const requireCompiledOnly = (id: string) => {
    if (id === "@acme/compiled") return { loadCompiled };
    throw new Error(`${workspacePath(launcher)} requires ${id}: teach needs.test.ts what it loads`);
  };
  const module = { exports: {} };
  compileFunction(readFileSync(launcher, "utf8"), ["require", "module", "exports", "__dirname"])(
    requireCompiledOnly,
    module,
    module.exports,
    dirname(launcher),
  );
  const [source, ...others] = sources;
  if (!source || others.length > 0) {
    throw new Error(`${workspacePath(launcher)} should load one source through @acme/compiled`);
  }
  return source;
}

/** The npm name an import specifier starts with (`@acme/contract/x`: `@acme/contract`). */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

/**
 * The workspace files `entry` runs, itself included: what esbuild bundles from it with npm
 * packages and `packages` left out (those are inputs as packages). Other workspace packages are
 * bundled, so their files count as files (@acme/compiled's compiled.cjs, which an entry requires).
 */
async function loadedFiles(entry: string, packages: readonly string[]): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "node",
    format: "cjs",
    write: false,
    metafile: true,
    logLevel: "silent",
    absWorkingDir: workspaceRoot,
    plugins: [
      {
        name: "workspace-packages-only",
        setup(esbuild) {
          esbuild.onResolve({ filter: /^[^./]/ }, ({ path }) => {
            const name = packageOf(path);
            const bundled = name.startsWith("@acme/") && !packages.includes(name);
            return bundled ? undefined : { path, external: true };
          });
        },
      },
    ],
  });
  return Object.keys(result.metafile.inputs).map((input) =>
    workspacePath(resolve(workspaceRoot, input)),
  );
}

/**
 * Every workspace file that runs `executor`, with what it is to the executor: executors.json,
 * the executor's entries and schema, and the files each entry and its compiled source load.
 */
async function executorCode(
  executor: string,
  packages: readonly string[],
): Promise<Map<string, string>> {
  const declaration = declaredExecutors()[executor];
  if (!declaration) throw new Error(`executors.json declares no executor "${executor}"`);
  const code = new Map<string, string>([["tools/platform/executors.json", "the manifest"]]);
  code.set(workspacePath(join(pluginRoot, declaration.schema)), "its schema");
  for (const launcherPath of [declaration.implementation, declaration.batchImplementation]) {
    if (!launcherPath) continue;
    const launcher = join(pluginRoot, launcherPath);
    const source = compiledSource(launcher);
    for (const file of await loadedFiles(launcher, packages)) {
      code.set(file, `loaded by ${workspacePath(launcher)}`);
    }
    for (const file of await loadedFiles(source, packages)) {
      code.set(file, `imported by ${workspacePath(source)}`);
    }
  }
  return code;
}

/** Whether a need's `files` globs take `file` in: one glob includes it and no `!` glob excludes it. */
function matches(file: string, globs: readonly string[]): boolean {
  const excluded = globs.filter((glob) => glob.startsWith("!")).map((glob) => glob.slice(1));
  const included = globs.filter((glob) => !glob.startsWith("!"));
  return (
    included.some((glob) => minimatch(file, glob)) &&
    !excluded.some((glob) => minimatch(file, glob))
  );
}

/** The files of `need`'s executors that its `files` miss, each as a sentence naming the fix. */
async function missingCode(need: Need): Promise<string[]> {
  const missing: string[] = [];
  for (const executor of need.executors ?? []) {
    for (const [file, role] of await executorCode(executor, need.packages ?? [])) {
      if (matches(file, need.files ?? [])) continue;
      missing.push(
        `${file} (${role}) runs the ${executor} executor, but need "${need.id}" has it neither in files nor in a workspace package of packages (needs.ts; nx.json's "need-${need.id}" repeats the files)`,
      );
    }
  }
  return missing;
}

const executorNeeds = Object.values(needs as Record<string, Need>).filter(
  (need) => need.executors?.length,
);

describe("needs of this plugin's executors", () => {
  it("are the needs of the typecheck, test, evaluate and run executors at least", () => {
    const covered = executorNeeds.flatMap((need) => need.executors ?? []);
    expect(covered).toEqual(
      expect.arrayContaining(["typecheck", "test", "evaluate", "run", "run-batched"]),
    );
  });

  it.each(executorNeeds.map((need) => [need.id, need] as const))(
    "%s: lists in files every workspace file its executors run, except the packages it names",
    async (_id, need) => {
      for (const executor of need.executors ?? []) {
        // Not vacuous: the loader of the entries (compiled.cjs) and the executor's sources are found.
        const code = [...(await executorCode(executor, need.packages ?? [])).keys()];
        expect(code).toContain("packages/compiled/compiled.cjs");
        expect(code.filter((file) => file.startsWith("tools/platform/src/executors/"))).not.toEqual(
          [],
        );
      }
      expect(await missingCode(need)).toEqual([]);
    },
  );

  it("reports a file an executor runs that its need's files miss, naming the file and the need", async () => {
    const typescript: Need = needs.typescript;
    const withoutCollect: Need = {
      ...typescript,
      files: typescript.files?.filter((file) => !file.endsWith("run/collect.ts")),
    };
    expect(await missingCode(withoutCollect)).toEqual([
      expect.stringMatching(
        /^tools\/platform\/src\/executors\/run\/collect\.ts \(imported by tools\/platform\/src\/executors\/typecheck\/(executor|batch)\.ts\) runs the typecheck executor, but need "typescript" has it neither in files/,
      ),
    ]);
  });
});
