/**
 * `buildFunctions()`: bundles every function of an evaluation the way SST's Node runtime does
 * before a deploy (`pkg/runtime/node/build.go` in the SST source, read at v3.2.50):
 *
 * - one esbuild build per function, entry = the handler's file, bundle, platform node, ESM
 *   (`nodejs.format: "cjs"` → CommonJS), `mainFields: [module, main]`, `keepNames`, a metafile;
 * - output `<out>/<dir of the handler>/<file, dots as dashes>.mjs`, Lambda handler
 *   `<dir>/<file>.<export>`;
 * - the banner that gives ESM bundles `require`, `__filename` and `__dirname` (plus
 *   `nodejs.banner`);
 * - externals: `sharp` and `pg-native` (always), `nodejs.install`, `nodejs.esbuild.external`;
 *   everything else, `@aws-sdk/*` included, is bundled;
 * - minified unless `nodejs.minify: false` (the documented default); not minified under dev;
 * - source maps: written next to the bundle; referenced from it (linked) only under dev or with
 *   `nodejs.sourcemap: true`, as SST 4 keeps them out of the zip otherwise (it uploads them for
 *   the Console);
 * - the `sst` package the handler imports must be the platform's version (SST's
 *   `sst-version-check` plugin);
 * - `nodejs.loader`, `nodejs.splitting` and `nodejs.plugins` (a file exporting esbuild plugins)
 *   are honoured.
 *
 * Differences: the target is the function's runtime (`nodejs22.x` → `node22`; SST uses
 * `esnext`), unless `nodejs.esbuild.target` is set; packages to install are listed in a
 * `package.json` next to the bundle, not installed (SST runs `npm install` there).
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import {
  basename,
  dirname,
  extname,
  isAbsolute,
  join,
  posix,
  relative,
  resolve,
  sep,
} from "node:path";
import { pathToFileURL } from "node:url";
import { type BuildOptions as EsbuildOptions, build, type Loader, type Plugin } from "esbuild";
import { resolvePlatform } from "./platform.js";
import { formatBuildError } from "./runner/bundle.js";
import type { BuildOptions, BuiltFunction, EvaluatedFunction } from "./types.js";

/** Packages SST never bundles (installed next to the bundle when imported). */
export const FORCE_EXTERNAL = ["sharp", "pg-native"];

/** The lines SST puts before an ESM function bundle, then `nodejs.banner`. */
export const FUNCTION_BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  "const require = topLevelCreateRequire(import.meta.url);",
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  "const __filename = topLevelFileUrlToPath(import.meta.url)",
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
];

/** How many esbuild builds run at once (SST's default `SST_BUILD_CONCURRENCY`). */
const CONCURRENCY = 4;

/** A function whose handler did not bundle: the message holds esbuild's errors. */
export class BuildError extends Error {
  readonly functionName: string;
  readonly handler: string;

  constructor(message: string, details: { functionName: string; handler: string }) {
    super(message);
    this.name = "BuildError";
    this.functionName = details.functionName;
    this.handler = details.handler;
  }
}

/** The esbuild target of a Lambda runtime: `nodejs22.x` → `node22`. */
export function targetOf(runtime: string): string {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  return match ? `node${match[1]}` : "esnext";
}

/** Bundles every function of `options.evaluation` into `<outDir>/<FunctionName>/`. */
export async function buildFunctions(options: BuildOptions): Promise<BuiltFunction[]> {
  const appDir = resolve(options.appDir);
  const outDir = resolve(appDir, options.outDir ?? "dist");
  const dev = options.dev ?? false;
  let sstVersion: string | undefined;
  try {
    sstVersion = resolvePlatform(appDir).version;
  } catch {
    sstVersion = undefined;
  }
  const entries = Object.entries(options.evaluation.functions ?? {});
  const built: BuiltFunction[] = new Array(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const index = next++;
      const [name, fn] = entries[index] as [string, EvaluatedFunction];
      built[index] = await buildOne({ appDir, outDir, dev, sstVersion, name, fn });
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, entries.length) }, worker));
  return built;
}

interface BuildOneInput {
  appDir: string;
  outDir: string;
  dev: boolean;
  sstVersion: string | undefined;
  name: string;
  fn: EvaluatedFunction;
}

async function buildOne({
  appDir,
  outDir,
  dev,
  sstVersion,
  name,
  fn,
}: BuildOneInput): Promise<BuiltFunction> {
  const where = `${name} (${fn.handler})`;
  if (!fn.file) {
    throw new BuildError(`Cannot bundle ${where}: it has no Node handler file.`, {
      functionName: name,
      handler: fn.handler,
    });
  }
  const nodejs = fn.nodejs ?? {};
  const file = isAbsolute(fn.file) ? fn.file : join(appDir, fn.file);
  const esm = nodejs.format !== "cjs";
  const extension = esm ? ".mjs" : ".cjs";
  // As the CLI: the path relative to the app, the file name's dots as dashes.
  const rel = relative(appDir, file).split(sep).join(posix.sep);
  const fileName = posix.basename(rel, posix.extname(rel)).replaceAll(".", "-");
  const outPath = posix.join(posix.dirname(rel), fileName);
  const dir = join(outDir, name);
  const target = join(dir, outPath + extension);
  rmSync(dir, { recursive: true, force: true });

  const install: Record<string, string> = { ...(nodejs.install ?? {}) };
  const minify = !dev && nodejs.minify !== false;
  const sourcemap: EsbuildOptions["sourcemap"] =
    dev || nodejs.sourcemap === true ? "linked" : "external";
  const loader = { ...(nodejs.loader ?? {}) } as Record<string, Loader>;
  const userTarget = nodejs.esbuild?.target;
  const plugins: Plugin[] = [sstVersionCheck(sstVersion)];
  if (nodejs.plugins) {
    const pluginFile = resolve(appDir, nodejs.plugins);
    const loaded = await import(pathToFileURL(pluginFile).href);
    const list = loaded.default ?? loaded.plugins;
    if (!Array.isArray(list)) {
      throw new BuildError(
        `Cannot bundle ${where}: ${nodejs.plugins} (nodejs.plugins) must export default an array of esbuild plugins.`,
        { functionName: name, handler: fn.handler },
      );
    }
    plugins.push(...list);
  }

  const buildOptions: EsbuildOptions = {
    entryPoints: [file],
    absWorkingDir: appDir,
    platform: "node",
    external: [...FORCE_EXTERNAL, ...Object.keys(install), ...(nodejs.esbuild?.external ?? [])],
    loader,
    keepNames: true,
    bundle: true,
    splitting: Boolean(nodejs.splitting),
    metafile: true,
    plugins,
    sourcemap,
    write: true,
    format: esm ? "esm" : "cjs",
    target: userTarget ?? targetOf(fn.runtime),
    mainFields: esm ? ["module", "main"] : ["main"],
    banner: {
      js: esm ? [...FUNCTION_BANNER, nodejs.banner ?? ""].join("\n") : (nodejs.banner ?? ""),
    },
    minifyWhitespace: minify,
    minifySyntax: minify,
    minifyIdentifiers: minify,
    logLevel: "silent",
  };
  if (nodejs.splitting) {
    buildOptions.outdir = dirname(target);
    buildOptions.outExtension = { ".js": ".mjs" };
  } else {
    buildOptions.outfile = target;
  }

  let result: Awaited<ReturnType<typeof build>>;
  try {
    result = await build(buildOptions);
  } catch (error) {
    throw new BuildError(`Bundling ${where} failed:\n${explain(formatBuildError(error))}`, {
      functionName: name,
      handler: fn.handler,
    });
  }

  let bytes = 0;
  for (const [output, meta] of Object.entries(result.metafile?.outputs ?? {})) {
    if (!output.endsWith(".map")) bytes += meta.bytes;
  }
  // Packages SST installs next to the bundle: `nodejs.install`, and the always-external ones
  // that the code imports; versions from the service's package.json, as SST does.
  for (const input of Object.values(result.metafile?.inputs ?? {})) {
    for (const imported of input.imports) {
      if (imported.external && FORCE_EXTERNAL.includes(imported.path)) {
        if (!nodejs.esbuild?.external?.includes(imported.path)) install[imported.path] ??= "*";
      }
    }
  }
  if (Object.keys(install).length > 0) {
    const declared = readDependencies(appDir);
    const dependencies = Object.fromEntries(
      Object.keys(install)
        .sort()
        .map((pkg) => [pkg, declared[pkg] ?? install[pkg] ?? "*"]),
    );
    writeFileSync(join(dir, "package.json"), `${JSON.stringify({ dependencies }, null, 2)}\n`);
    Object.assign(install, dependencies);
  }
  const entry = relative(dir, target).split(sep).join(posix.sep);
  return {
    name,
    handler: fn.handler,
    bundledHandler: outPath + posix.extname(fn.handler),
    dir,
    entry: nodejs.splitting
      ? posix.join(posix.dirname(entry), basename(file, extname(file)) + extension)
      : entry,
    bytes,
    install: Object.fromEntries(Object.entries(install).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

/**
 * SST's `sst-version-check`: the `sst` package a handler imports must match the CLI's version
 * (`version`: the platform's; no check when unknown).
 */
function sstVersionCheck(version: string | undefined): Plugin {
  const skip = Symbol("sst-version-check");
  return {
    name: "sst-version-check",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^sst$/ }, async (args) => {
        if (args.pluginData === skip || !version) return undefined;
        const found = await pluginBuild.resolve("sst", {
          resolveDir: args.resolveDir,
          importer: args.importer,
          kind: args.kind,
          pluginData: skip,
        });
        if (found.errors.length > 0 || !found.path) return undefined;
        const manifest = findUp(dirname(found.path), "package.json");
        const installed = manifest ? JSON.parse(readFileSync(manifest, "utf8")).version : undefined;
        if (installed && installed !== version) {
          return {
            errors: [
              {
                text: `The sst package your application is importing (${installed}) does not match the sst cli version (${version}). Make sure the version of sst in package.json is correct across your entire repo.`,
              },
            ],
          };
        }
        return { path: found.path };
      });
    },
  };
}

/** Adds what to do about an import that does not resolve. */
function explain(message: string): string {
  const unresolved = [...message.matchAll(/Could not resolve "([^"]+)"/g)].map((m) => m[1]);
  const packages = unresolved.filter(
    (spec) => spec !== undefined && !spec.startsWith(".") && !spec.startsWith("/"),
  );
  if (packages.length === 0) return message;
  const names = [...new Set(packages)].map((spec) => `"${spec}"`).join(", ");
  return `${message}\nIs ${names} a dependency of the service (its package.json) and installed (\`npm install\` at the workspace root)? A package that cannot be bundled goes in the function's \`nodejs.install\`.`;
}

function findUp(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, name);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The service's declared dependency versions (package.json next to sst.config.ts). */
function readDependencies(appDir: string): Record<string, string> {
  const manifest = join(appDir, "package.json");
  if (!existsSync(manifest)) return {};
  try {
    return JSON.parse(readFileSync(manifest, "utf8")).dependencies ?? {};
  } catch {
    return {};
  }
}
