#!/usr/bin/env node
/**
 * What the example services' Lambda handlers weigh and how long their code takes to load: each
 * handler is bundled with esbuild on the settings SST bundles with (ESM, node platform, minified,
 * its `createRequire` banner), then imported in fresh Node processes (`--runs`, alternating,
 * median). Also the embedded Postgres that the services' tests use: starting PGlite with the
 * migrations applied (once per test file) and resetting it (before each test). Numbers behind
 * docs/adr/0007-postgres-and-s3-clients.md (whose library table used the same esbuild settings).
 *
 * Usage: node --import tsx bench/lambda-bundles.mts [--runs 5]
 */
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import {
  loadAverage,
  machineNote,
  parseArgs,
  runCommand,
  stopwatch,
  summary,
  table,
} from "./lib/measure.mts";

const BENCH = fileURLToPath(new URL(".", import.meta.url));
const WORKSPACE = join(BENCH, "..");
/** `tmp/` is git-ignored; removed at the end. */
const TEMP = join(BENCH, "tmp", `lambda-bundles-${process.pid}`);
const TEST_DATABASE_TIMING = join(BENCH, "lib", "test-database-timing.mts");

const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 5);
if (!Number.isInteger(runs) || runs < 1) {
  console.error("Usage: node --import tsx bench/lambda-bundles.mts [--runs N]");
  process.exit(2);
}

const HANDLERS = [
  { label: "orders http handler (Kysely + pg + Hono)", entry: "apps/orders/src/handler.ts" },
  { label: "orders Migrator (Kysely migrator + pg)", entry: "apps/orders/src/migrate.ts" },
  { label: "notifications consumer (no links)", entry: "apps/notifications/src/consumer.ts" },
  { label: "billing-report job (S3 client)", entry: "apps/billing-report/src/job.ts" },
];

/**
 * The child that imports a bundle as Lambda does and prints how long the import took. The timer
 * runs inside the child (not lib/time.mts around it) so that Node's start-up is left out and no
 * loader (tsx) is added to the process being measured, as in handler-cold-start.mts.
 */
const IMPORT_AND_TIME =
  "const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));";

interface Bundle {
  label: string;
  path: string;
  bytes: number;
  gzip: number;
}

const loadBefore = loadAverage();
const elapsed = stopwatch();
mkdirSync(TEMP, { recursive: true });
try {
  const bundles = await bundleHandlers();
  printHandlers(bundles);
  printTestDatabase();
} finally {
  rmSync(TEMP, { recursive: true, force: true });
}
console.log(
  `\n${runs} runs each; import = \`await import(bundle)\` in a fresh \`node\`; ${(elapsed() / 1000).toFixed(0)} s in all. ${machineNote(loadBefore)}`,
);

async function bundleHandlers(): Promise<Bundle[]> {
  const bundles: Bundle[] = [];
  for (const [index, { label, entry }] of HANDLERS.entries()) {
    const path = join(TEMP, `handler-${index}.mjs`);
    await build({
      entryPoints: [join(WORKSPACE, entry)],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node22",
      minify: true,
      outfile: path,
      logLevel: "error",
      // What SST adds so that CommonJS dependencies can require() inside an ESM bundle.
      banner: {
        js: 'import { createRequire as topLevelCreateRequire } from "module";const require = topLevelCreateRequire(import.meta.url);',
      },
    });
    const code = readFileSync(path);
    bundles.push({ label, path, bytes: code.length, gzip: gzipSync(code, { level: 9 }).length });
  }
  return bundles;
}

function printHandlers(bundles: Bundle[]) {
  const init = measureImports(bundles);
  const rows = [["handler", "minified KB", "gzip KB", "import ms (median)", "min", "max"]];
  for (const b of bundles) {
    const { median, min, max } = summary(init.get(b.path) ?? []);
    rows.push([
      b.label,
      kb(b.bytes),
      kb(b.gzip),
      median.toFixed(0),
      min.toFixed(0),
      max.toFixed(0),
    ]);
  }
  console.log("The services' handlers, bundled as SST bundles them:\n");
  console.log(table(rows));
}

/** Import time of each bundle, `runs` times, alternating; the samples in ms by path. */
function measureImports(bundles: Bundle[]): Map<string, number[]> {
  const times = new Map(bundles.map((b) => [b.path, [] as number[]]));
  for (const b of bundles) importMs(b.path); // warm the file system cache alike
  for (let run = 0; run < runs; run++) {
    for (const b of bundles) times.get(b.path)?.push(importMs(b.path));
    process.stderr.write(".");
  }
  process.stderr.write("\n");
  return times;
}

/** Import time of `path` in a fresh Node process, as Lambda imports a handler, in ms. */
function importMs(path: string): number {
  const { stdout } = runCommand(
    process.execPath,
    ["--input-type=module", "-e", IMPORT_AND_TIME, pathToFileURL(path).href],
    {
      cwd: TEMP,
      env: { PATH: process.env.PATH, NODE_NO_WARNINGS: "1", AWS_REGION: "us-east-1" },
    },
  );
  return Number(stdout);
}

/** The embedded Postgres of the services' tests, started `runs` times in fresh processes. */
function printTestDatabase() {
  const created: number[] = [];
  const reset: number[] = [];
  let resets = 0;
  for (let run = 0; run < runs; run++) {
    const { stdout } = runCommand(
      process.execPath,
      ["--import", "tsx", TEST_DATABASE_TIMING, join(WORKSPACE, "apps/orders/migrations")],
      { cwd: WORKSPACE },
    );
    const result: { created: number; reset: number; resets: number } = JSON.parse(stdout);
    created.push(result.created);
    reset.push(result.reset);
    resets = result.resets;
    process.stderr.write(".");
  }
  process.stderr.write("\n");
  const rows = [["embedded Postgres (PGlite)", "ms (median)", "min", "max"]];
  for (const [label, samples] of [
    ["start + migrate (once per test file)", created],
    [`reset (before each test; median of ${resets} per run)`, reset],
  ] as const) {
    const { median, min, max } = summary(samples);
    rows.push([label, median.toFixed(0), min.toFixed(0), max.toFixed(0)]);
  }
  console.log(`\n${table(rows)}`);
}

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}
