/**
 * Bundles an app's `sst.config.ts` together with SST's `run()` wrapper, as the SST CLI does before
 * a deploy (pkg/js/js.go and pkg/project/stack.go in the SST source): same esbuild options, same
 * globals, same injected shim. Differences, all for offline use:
 * - `$app` is read from a global that the runner sets once `app({ stage })` has run: the config is
 *   built alone first ({@link bundleConfig}) to call `app()`, as the CLI does, because platform
 *   modules read `$app` when they load (the CLI inlines it with esbuild's `define`);
 * - `naming.ts` derives its "random" suffix from the name, and `Date.now()` in the platform source
 *   is a constant, so two evaluations give the same resources;
 * - no sourcemaps, no metafile: nothing reads them.
 */
import { readdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { build, type Loader, type Message } from "esbuild";
import type { Platform } from "../platform.js";
import {
  needsPatching,
  OFFLINE_GLOBAL,
  PLATFORM_PATCHES,
  patchPlatformFile,
  REQUIRED_PATCH,
} from "./determinism.js";

/** The packages the CLI keeps out of the bundle (they resolve from the platform's node_modules). */
export const EXTERNAL = [
  "@pulumi/*",
  "undici",
  "@pulumiverse/*",
  "@sst-provider/*",
  "@aws-sdk/*",
  "esbuild",
  "archiver",
  "glob",
  "vite",
];

const BANNER = `
import { createRequire as topLevelCreateRequire } from 'module';
const require = topLevelCreateRequire(import.meta.url);
import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"
const __filename = topLevelFileUrlToPath(import.meta.url)
const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))
`;

/** The name of the generated entry (esbuild's `stdin`), as error locations show it. */
const PROGRAM_ENTRY = "eval.ts";

const LOADERS: Record<string, Loader> = { ".js": "js", ".jsx": "jsx", ".ts": "ts", ".tsx": "tsx" };

export interface BundleOptions {
  /** The folder of `sst.config.ts`. */
  appDir: string;
  platform: Platform;
  /** Where the program is written (its folder must resolve `@pulumi/*`). */
  outfile: string;
  /** The value of `$dev`. */
  dev: boolean;
  /** The value of `$cli`. */
  cli: Record<string, unknown>;
}

/**
 * Writes the program; importing it exports `run` (SST's `src/auto/run.ts`) and `mod` (the config).
 * Resolves to the files it was built from (absolute paths: the config, everything it imports,
 * the platform's source) and the packages it imports at run time (the externals).
 */
export async function bundleProgram({
  appDir,
  platform,
  outfile,
  dev,
  cli,
}: BundleOptions): Promise<{ inputs: string[]; externals: string[] }> {
  const platformDir = platform.dir;
  const platformSrc = join(platformDir, "src") + sep;
  // On the user's first line, not lines of their own: esbuild's errors then give the file's
  // real line numbers (lines of their own would shift every line an error names).
  const globals = [
    ...platform.providers.map((entry) => `import * as ${entry.alias} from "${entry.package}";`),
    `import * as sst from "${join(platformDir, "src", "components")}";`,
  ].join("");
  const applied = new Set<string>();
  // Platform files to rewrite: the patch targets and the files that read the clock. Everything
  // else in the platform is left to esbuild (a plugin round trip per file costs about 1 ms).
  const rewrite = platformFilesToRewrite(platformSrc);

  let inputs: string[];
  let externals: string[];
  try {
    const result = await build({
      absWorkingDir: appDir,
      metafile: true,
      stdin: {
        contents: [
          `import { run } from ${JSON.stringify(join(platformDir, "src", "auto", "run.ts"))};`,
          `import mod from ${JSON.stringify(join(appDir, "sst.config.ts"))};`,
          "export { run, mod };",
        ].join("\n"),
        resolveDir: appDir,
        sourcefile: PROGRAM_ENTRY,
        loader: "ts",
      },
      banner: { js: BANNER },
      mainFields: ["module", "main"],
      format: "esm",
      platform: "node",
      bundle: true,
      write: true,
      outfile,
      nodePaths: [join(platformDir, "node_modules")],
      external: EXTERNAL,
      define: {
        $app: `globalThis.${OFFLINE_GLOBAL}.app`,
        $cli: JSON.stringify(cli),
        $dev: JSON.stringify(dev),
      },
      inject: [join(platformDir, "src", "shim", "run.js")],
      logLevel: "silent",
      plugins: [
        {
          name: "sst-offline-globals",
          setup(pluginBuild) {
            pluginBuild.onLoad({ filter: /\.(js|ts|jsx|tsx)$/ }, async (args) => {
              const inPlatform = rewrite.has(args.path);
              const isUserFile = !args.path.includes(".sst") && !args.path.startsWith(platformDir);
              if (!isUserFile && !inPlatform) return undefined;
              let contents = await readFile(args.path, "utf8");
              if (inPlatform) {
                const patched = patchPlatformFile(args.path, contents, platform.version);
                contents = patched.contents;
                for (const file of patched.applied) applied.add(file);
              }
              if (isUserFile) contents = `${globals}${contents}`;
              return { contents, loader: LOADERS[extname(args.path)] ?? "js" };
            });
          },
        },
      ],
    });
    // The generated entry and the `define`s are listed too, but are no files.
    inputs = Object.keys(result.metafile.inputs)
      .filter((input) => input !== PROGRAM_ENTRY && !input.startsWith("<"))
      .map((input) => resolve(appDir, input));
    externals = [
      ...new Set(
        Object.values(result.metafile.outputs).flatMap((output) =>
          output.imports.filter((imported) => imported.external).map((imported) => imported.path),
        ),
      ),
    ].sort();
  } catch (error) {
    throw new Error(formatBuildError(error, globals));
  }
  if (!applied.has(REQUIRED_PATCH.file)) {
    throw new Error(
      `sst-offline did not patch ${REQUIRED_PATCH.file}: the platform layout changed (SST ${platform.version}).`,
    );
  }
  return { inputs, externals };
}

/**
 * Writes `sst.config.ts` alone, every import left external, so that `app()` can run before the
 * program (and the platform modules that read `$app` when they load) is imported. `run()` is not
 * called from this build, so its imports never resolve.
 */
export async function bundleConfig({
  appDir,
  outfile,
  dev,
  cli,
}: Omit<BundleOptions, "platform">): Promise<void> {
  const config = join(appDir, "sst.config.ts");
  try {
    await build({
      entryPoints: [config],
      // `$config` is the identity in SST's shim; the shim itself loads the platform.
      banner: { js: `${BANNER}\nconst $config = (input) => input;` },
      format: "esm",
      platform: "node",
      bundle: true,
      write: true,
      outfile,
      define: { $app: "undefined", $cli: JSON.stringify(cli), $dev: JSON.stringify(dev) },
      logLevel: "silent",
      plugins: [
        {
          name: "sst-offline-config-only",
          setup(pluginBuild) {
            pluginBuild.onResolve({ filter: /.*/ }, (args) =>
              args.kind === "entry-point" ? undefined : { path: args.path, external: true },
            );
          },
        },
      ],
    });
  } catch (error) {
    throw new Error(formatBuildError(error));
  }
}

/** The platform source files that {@link bundleProgram} rewrites. */
function platformFilesToRewrite(platformSrc: string): Set<string> {
  const files = new Set(PLATFORM_PATCHES.map((patch) => join(platformSrc, "..", patch.file)));
  for (const entry of readdirSync(platformSrc, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(js|ts|jsx|tsx)$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    if (needsPatching(file, readFileSync(file, "utf8"))) files.add(file);
  }
  return files;
}

/**
 * esbuild's errors as the CLI prints them: `file:line:column: text`. A column on a first line
 * that starts with `prefix` (the imports put before a user file's own first line) counts from
 * the file's own text.
 */
export function formatBuildError(error: unknown, prefix = ""): string {
  const errors = (error as { errors?: Message[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0) {
    return error instanceof Error ? error.message : String(error);
  }
  return errors
    .map(({ location, text }) => {
      if (!location) return text;
      const prefixed = prefix !== "" && location.line === 1 && location.lineText.startsWith(prefix);
      const column = prefixed ? location.column - prefix.length : location.column;
      return `${location.file}:${location.line}:${column}: ${text}`;
    })
    .join("\n");
}
