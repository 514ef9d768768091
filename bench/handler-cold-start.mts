#!/usr/bin/env node
/**
 * The generated services' own runtime: each example service's Lambda handler (one per kind: http,
 * worker, cron), bundled as `nx build` bundles it (`buildFunctions` from @acme/sst-offline: SST's
 * esbuild settings, minified ESM), against a bare handler of the same kind (bench/handlers/:
 * the same behaviour written directly on the libraries a team would use without the platform)
 * bundled with the very same settings (the service's function, its file swapped). The older,
 * minimal bare handlers (a few lines, no database, bucket or link) are kept as a second
 * reference, so that the change of baseline shows. `--against <ref>` adds each service bundled
 * with @acme/runtime as it is at that git revision (`git archive` of packages/runtime), in the
 * same run.
 *
 * For each: the bundle's size (and gzip), and its module init in a fresh Node process, the way
 * Lambda's Node runtime loads a handler (`await import(<bundle>)`, timed in the process). Then the
 * same for single imports bundled alone, to show which one costs the init. Variants alternate run
 * by run; medians, with the ratio to the bare handler.
 *
 * Usage: node --import tsx bench/handler-cold-start.mts [--runs 15] [--no-imports] [--against main]
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import {
  buildFunctions,
  type EvaluatedFunction,
  type Evaluation,
  evaluate,
} from "../packages/sst-offline/src/index.ts";
import {
  loadAverage,
  machineNote,
  parseArgs,
  ratio,
  ratioTable,
  runCommand,
  type Sampled,
  stopwatch,
  summary,
  table,
} from "./lib/measure.mts";

const BENCH = fileURLToPath(new URL(".", import.meta.url));
const WORKSPACE = join(BENCH, "..");
/** Inside the workspace so that packages resolve; `tmp/` is git-ignored. */
const TEMP = join(BENCH, "tmp", `cold-start-${process.pid}`);

const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 15);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(
    "Usage: node --import tsx bench/handler-cold-start.mts [--runs N] [--no-imports] [--against <ref>,…]",
  );
  process.exit(2);
}

const against = typeof args.against === "string" ? args.against.split(",").filter(Boolean) : [];

/**
 * Each kind's example service and its baselines in bench/handlers/: `bare`, the same behaviour
 * without the platform (the ratios' baseline); `minimal`, the older few-line handler.
 * The worker's bare handler is both: the notifications consumer uses no link.
 */
const KINDS = [
  { kind: "http", app: "apps/orders", bare: "bare-http-postgres.ts", minimal: "bare-http.ts" },
  { kind: "worker", app: "apps/notifications", bare: "bare-worker.ts", minimal: undefined },
  { kind: "cron", app: "apps/billing-report", bare: "bare-cron-s3.ts", minimal: "bare-cron.ts" },
];

/**
 * The links SST would set on Lambda, the same for every variant: the bare handlers read theirs
 * at init with SST's `Resource`, as a team would.
 */
const LINK_ENV = {
  SST_RESOURCE_App: JSON.stringify({ name: "bench", stage: "bench" }),
  SST_RESOURCE_Database: JSON.stringify({
    host: "db.internal",
    port: 5432,
    username: "app",
    password: "p",
    database: "orders",
  }),
  SST_RESOURCE_Bucket: JSON.stringify({ name: "bench-bucket" }),
};

/** Single imports, each bundled alone with the http function's settings. */
const IMPORTS = {
  "hono + hono/aws-lambda": `import { Hono } from "hono"; import { handle } from "hono/aws-lambda"; globalThis.x = [Hono, handle];`,
  valibot: `import * as v from "valibot"; globalThis.x = v.object;`,
  "@aws-lambda-powertools/logger": `import { Logger } from "@aws-lambda-powertools/logger"; globalThis.x = Logger;`,
  "kysely + pg": `import { Kysely, PostgresDialect } from "kysely"; import pg from "pg"; globalThis.x = [Kysely, PostgresDialect, pg];`,
  "@aws-sdk/client-s3": `import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3"; globalThis.x = [S3Client, PutObjectCommand];`,
  "sst (Resource)": `import { Resource } from "sst"; globalThis.x = Resource;`,
  "@hono/standard-validator": `import { sValidator } from "@hono/standard-validator"; globalThis.x = sValidator;`,
  "@acme/runtime/logger": `import { createLogger } from "@acme/runtime/logger"; globalThis.x = createLogger;`,
  "@acme/runtime/resources": `import { resource } from "@acme/runtime/resources"; globalThis.x = resource;`,
  "@acme/runtime/http": `import { createHttpApp } from "@acme/runtime/http"; globalThis.x = createHttpApp;`,
  "@acme/runtime": `import { createHttpApp } from "@acme/runtime"; globalThis.x = createHttpApp;`,
  "@acme/runtime/queue": `import { createBatchHandler } from "@acme/runtime/queue"; globalThis.x = createBatchHandler;`,
};

/**
 * The child that imports a bundle as Lambda does and prints how long the import took. The timer
 * runs inside the child (not lib/time.mts) so that Node's start-up is left out and no loader
 * (tsx) is added to the process being measured.
 */
const IMPORT_AND_TIME =
  "const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));";

interface Bundle {
  path: string;
  bytes: number;
  gzip: number;
}

interface HandlerBundle extends Bundle {
  kind: string;
  label: string;
  /** The label of the bare handler of its kind; none for the bare handler itself. */
  baseline?: string;
  /** The label of the minimal bare handler of its kind, if it has one. */
  minimal?: string;
}

const loadBefore = loadAverage();
const elapsed = stopwatch();
mkdirSync(TEMP, { recursive: true });
try {
  const { bundles, httpFunction } = await bundleHandlers();
  printHandlers(bundles);
  if (args["no-imports"] === undefined) await printImports(httpFunction);
} finally {
  rmSync(TEMP, { recursive: true, force: true });
}
console.log(
  `\n${runs} runs each, alternating; init = \`await import(bundle)\` in a fresh \`node\`; ${(elapsed() / 1000).toFixed(0)} s in all. ${machineNote(loadBefore)}`,
);

/** Each kind's service handler and its bare handlers, bundled with the service's settings. */
async function bundleHandlers() {
  const bundles: HandlerBundle[] = [];
  const runtimes = against.map((ref) => ({ ref, plugins: runtimeAt(ref) }));
  let httpFunction: EvaluatedFunction | undefined;
  for (const { kind, app, bare, minimal } of KINDS) {
    const appDir = join(WORKSPACE, app);
    const evaluation = await evaluate({ appDir });
    const [name, fn] = Object.entries(evaluation.functions)[0] ?? [];
    if (!name || !fn) throw new Error(`${app} has no function.`);
    if (kind === "http") httpFunction = fn;
    const bareLabel = `${kind}: bare (bench/handlers/${bare})`;
    const minimalLabel = minimal ? `${kind}: minimal (bench/handlers/${minimal})` : undefined;
    const ratios = { baseline: bareLabel, ...(minimalLabel ? { minimal: minimalLabel } : {}) };
    const own = await bundle(appDir, fn, join(appDir, fn.file), `${kind}-service`);
    bundles.push({ kind, label: `${kind}: ${app} (${fn.handler})`, ...ratios, ...own });
    for (const { ref, plugins } of runtimes) {
      const before = await bundle(appDir, fn, join(appDir, fn.file), `${kind}-${ref}`, plugins);
      bundles.push({ kind, label: `${kind}: ${app}, runtime @ ${ref}`, ...ratios, ...before });
    }
    const baseline = await bundle(appDir, fn, join(BENCH, "handlers", bare), `${kind}-bare`);
    bundles.push({ kind, label: bareLabel, ...baseline });
    if (minimal && minimalLabel) {
      const small = await bundle(appDir, fn, join(BENCH, "handlers", minimal), `${kind}-minimal`);
      bundles.push({ kind, label: minimalLabel, baseline: bareLabel, ...small });
    }
  }
  if (!httpFunction) throw new Error("No http service was bundled.");
  return { bundles, httpFunction };
}

/**
 * @acme/runtime as it is at `ref`, extracted into the temporary folder (inside the workspace,
 * so its dependencies resolve), and an esbuild plugins file that points `@acme/runtime` there.
 */
function runtimeAt(ref: string): string {
  const dir = join(TEMP, `runtime-${ref.replace(/[^\w.-]/g, "_")}`);
  mkdirSync(dir, { recursive: true });
  const tar = join(dir, "runtime.tar");
  runCommand("git", ["archive", "-o", tar, ref, "packages/runtime"], { cwd: WORKSPACE });
  runCommand("tar", ["-xf", tar], { cwd: dir });
  const src = join(dir, "packages", "runtime", "src");
  const plugins = join(dir, "plugins.mjs");
  writeFileSync(
    plugins,
    `import { join } from "node:path";
const src = ${JSON.stringify(src)};
export default [{
  name: "runtime-at-${ref}",
  setup(build) {
    build.onResolve({ filter: /^@acme\\/runtime(\\/.*)?$/ }, ({ path }) => {
      const sub = path.slice("@acme/runtime/".length);
      return { path: sub ? join(src, sub, "index.ts") : join(src, "index.ts") };
    });
  },
}];
`,
  );
  return plugins;
}

function printHandlers(bundles: HandlerBundle[]) {
  const init = measureInit(bundles);
  const byLabel = new Map(bundles.map((b) => [b.label, b]));
  const rows: Sampled[] = bundles.map((b) => ({
    label: b.label,
    samples: init.get(b.path) ?? [],
    // A bare handler is its own baseline (ratioTable's default is the first row).
    baseline: b.baseline ?? b.label,
  }));
  const bareOf = (row: Sampled) => byLabel.get(row.baseline ?? row.label);
  console.log("The services' handlers against bare handlers, same esbuild settings:\n");
  console.log(
    ratioTable(rows, {
      unit: "ms",
      digits: 1,
      caseHeader: "handler",
      ratioHeader: "× bare init",
      extra: {
        headers: [
          "× bare init (min)",
          "bundle KB",
          "gzip KB",
          "× bare size",
          "× minimal init (min)",
          "× minimal size",
        ],
        cells: (row) => {
          const own = byLabel.get(row.label);
          const bare = bareOf(row);
          const minimal = own?.minimal ? byLabel.get(own.minimal) : undefined;
          const minOf = (b: Bundle | undefined) => summary(init.get(b?.path ?? "") ?? []).min;
          return [
            ratio(summary(row.samples).min, minOf(bare)),
            kb(own?.bytes ?? 0),
            kb(own?.gzip ?? 0),
            ratio(own?.bytes ?? 0, bare?.bytes ?? 0),
            minimal ? ratio(summary(row.samples).min, minOf(minimal)) : "",
            minimal ? ratio(own?.bytes ?? 0, minimal.bytes) : "",
          ];
        },
      },
    }),
  );
}

/** Each import of {@link IMPORTS} bundled alone with the http function's settings. */
async function printImports(httpFunction: EvaluatedFunction) {
  const dir = join(TEMP, "imports");
  mkdirSync(dir, { recursive: true });
  const singles: (Bundle & { name: string })[] = [];
  for (const [index, [name, source]] of Object.entries(IMPORTS).entries()) {
    const file = join(dir, `import-${index}.ts`);
    writeFileSync(file, `${source}\nexport const handler = () => undefined;\n`);
    const built = await bundle(
      join(WORKSPACE, "apps/orders"),
      httpFunction,
      file,
      `import-${index}`,
    );
    singles.push({ name, ...built });
  }
  const init = measureInit(singles);
  const rows = [
    ["import, bundled alone", "bundle KB", "gzip KB", "init ms (median)", "min", "max"],
  ];
  for (const single of singles) {
    const { median, min, max } = summary(init.get(single.path) ?? []);
    rows.push([
      single.name,
      kb(single.bytes),
      kb(single.gzip),
      median.toFixed(1),
      min.toFixed(1),
      max.toFixed(1),
    ]);
  }
  console.log("\nWhat each import costs on its own:\n");
  console.log(table(rows));
}

/** Bundles `file` as the service's own function `fn` is bundled; returns the bundle and its size. */
async function bundle(
  appDir: string,
  fn: EvaluatedFunction,
  file: string,
  name: string,
  plugins?: string,
): Promise<Bundle> {
  const nodejs = plugins ? { ...fn.nodejs, plugins } : fn.nodejs;
  const handler = `${file.replace(/\.ts$/, "")}.handler`;
  const evaluation = {
    functions: { [name]: { ...fn, file, handler, ...(nodejs ? { nodejs } : {}) } },
  } as Partial<Evaluation> as Evaluation;
  // The bundle goes under its function's folder only for a file inside the app's folder: files of
  // bench/ are bundled from bench/ (the settings are the function's either way).
  const root = file.startsWith(BENCH) ? BENCH : appDir;
  const [built] = await buildFunctions({ appDir: root, evaluation, outDir: join(TEMP, "dist") });
  if (!built) throw new Error(`Nothing bundled for ${name}.`);
  const path = join(built.dir, built.entry);
  const code = readFileSync(path);
  return { path, bytes: code.length, gzip: gzipSync(code).length };
}

/** Module init of each bundle, `runs` times, alternating; the samples in ms by path. */
function measureInit(bundles: Bundle[]): Map<string, number[]> {
  const times = new Map(bundles.map((b) => [b.path, [] as number[]]));
  for (const b of bundles) initMs(b.path); // warm the file system cache alike
  for (let run = 0; run < runs; run++) {
    for (const b of bundles) times.get(b.path)?.push(initMs(b.path));
    process.stderr.write(".");
  }
  process.stderr.write("\n");
  return times;
}

/** Module init of `path` in a fresh Node process, as Lambda imports a handler, in ms. */
function initMs(path: string): number {
  const { stdout } = runCommand(
    process.execPath,
    ["--input-type=module", "-e", IMPORT_AND_TIME, pathToFileURL(path).href],
    { cwd: TEMP, env: { PATH: process.env.PATH, NODE_ENV: "production", ...LINK_ENV } },
  );
  return Number(stdout);
}

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}
