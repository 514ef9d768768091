/**
 * What the example services' Lambda handlers weigh and how long their code takes to load: each
 * handler is bundled with esbuild as SST bundles it (ESM, node platform, minified), then imported
 * in fresh Node processes (`--runs`, median). Also the embedded Postgres that the services' tests
 * use: starting PGlite with migrations applied (once per test file) and resetting it (before
 * each test). Numbers behind docs/adr/0004-postgres-and-s3-clients.md.
 *
 * Run: node bench/lambda-bundles.mjs [--runs 5]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { parseArgs, summary, table } from "./lib/measure.mjs";

const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 5);
const root = join(import.meta.dirname, "..");
const out = mkdtempSync(join(tmpdir(), "lambda-bundles-"));

const handlers = [
  ["orders http handler (Kysely + pg + Hono)", "apps/orders/src/handler.ts"],
  ["orders Migrator (Kysely migrator + pg)", "apps/orders/src/migrate.ts"],
  ["notifications consumer (no links)", "apps/notifications/src/consumer.ts"],
  ["billing-report job (S3 client)", "apps/billing-report/src/job.ts"],
];

/**
 * Milliseconds until the module is imported, in a fresh process.
 * @param {string} file
 */
function importTime(file) {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});console.log(performance.now()-t)`;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { ...process.env, NODE_NO_WARNINGS: "1", AWS_REGION: "us-east-1" },
  });
  if (child.status !== 0) throw new Error(`import of ${file} failed:\n${child.stderr}`);
  return Number(child.stdout.trim());
}

const rows = [["handler", "minified KB", "gzip KB", "import ms (median)", "min", "max"]];
try {
  for (const [label, entry] of handlers) {
    const outfile = join(out, `${label.split(" ")[0]}-${rows.length}.mjs`);
    await build({
      entryPoints: [join(root, entry)],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node22",
      minify: true,
      outfile,
      logLevel: "error",
      // What SST adds so that CommonJS dependencies can require() inside an ESM bundle.
      banner: {
        js: 'import { createRequire as topLevelCreateRequire } from "module";const require = topLevelCreateRequire(import.meta.url);',
      },
    });
    const bytes = readFileSync(outfile);
    const times = summary(Array.from({ length: runs }, () => importTime(outfile)));
    rows.push([
      label,
      (bytes.length / 1024).toFixed(1),
      (gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1),
      times.median.toFixed(0),
      times.min.toFixed(0),
      times.max.toFixed(0),
    ]);
  }
  console.log(table(rows));

  // The embedded Postgres of the services' tests.
  // Inside the workspace, so that @acme/runtime resolves; removed below.
  const script = join(root, "packages/runtime", `.bench-pglite-${process.pid}.mts`);
  writeFileSync(
    script,
    `import { createTestDatabase } from "@acme/runtime/postgres/testing";
const started = performance.now();
const database = await createTestDatabase(${JSON.stringify(join(root, "apps/orders/migrations"))});
const created = performance.now() - started;
const resets = [];
for (let i = 0; i < 20; i++) {
  await database.db.insertInto("items").values({ id: crypto.randomUUID(), name: "x" }).execute();
  const t = performance.now();
  await database.reset();
  resets.push(performance.now() - t);
}
await database.close();
resets.sort((a, b) => a - b);
console.log(JSON.stringify({ created, reset: resets[10] }));
`,
  );
  const pglite = [["embedded Postgres (PGlite)", "ms (median)", "min", "max"]];
  /** @type {number[]} */
  const created = [];
  /** @type {number[]} */
  const reset = [];
  for (let run = 0; run < runs; run++) {
    const child = spawnSync(
      process.execPath,
      [join(root, "node_modules/tsx/dist/cli.mjs"), script],
      { cwd: join(root, "packages/runtime"), encoding: "utf8" },
    );
    if (child.status !== 0) throw new Error(child.stderr);
    const result = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}");
    created.push(result.created);
    reset.push(result.reset);
  }
  /** @type {[string, number[]][]} */
  const measured = [
    ["start + migrate (once per test file)", created],
    ["reset (before each test)", reset],
  ];
  for (const [label, values] of measured) {
    const s = summary(values);
    pglite.push([label, s.median.toFixed(0), s.min.toFixed(0), s.max.toFixed(0)]);
  }
  console.log(`\n${table(pglite)}`);
  console.log(
    `\n${runs} runs; ${cpus().length} cores, load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")}; node ${process.version}`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
  rmSync(join(root, "packages/runtime", `.bench-pglite-${process.pid}.mts`), { force: true });
}
