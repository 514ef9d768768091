#!/usr/bin/env node
// @ts-check
/**
 * The generated services' own runtime: each example service's Lambda handler (one per kind: http,
 * worker, cron), bundled as `nx build` bundles it (`buildFunctions` from @acme/sst-offline: SST's
 * esbuild settings, minified ESM), against a bare handler of the same kind (bench/handlers/:
 * the same routes or job on bare Hono or plain code, the same validation library) bundled with
 * the very same settings (the service's function, its file swapped).
 *
 * For each: the bundle's size (and gzip), and its module init in a fresh Node process, the way
 * Lambda's Node runtime loads a handler (`await import(<bundle>)`, timed in the process). Then the
 * same for single imports bundled alone, to show which one costs the init. Variants alternate run
 * by run; medians, with the ratio to the bare handler.
 *
 * Usage: node bench/handler-cold-start.mjs [--runs 15] [--no-imports]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { tsImport } from "tsx/esm/api";
import { parseArgs, summary, table } from "./lib/measure.mjs";

const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 15);
const BENCH = dirname(fileURLToPath(import.meta.url));
const WORKSPACE = join(BENCH, "..");
/** Inside the workspace so that packages resolve; `tmp/` is git-ignored. */
const TEMP = join(BENCH, "tmp", `cold-start-${process.pid}`);

/** @type {typeof import("../packages/sst-offline/src/index.ts")} */
const offline = await tsImport(
  join(WORKSPACE, "packages/sst-offline/src/index.ts"),
  import.meta.url,
);

const kinds = [
  { kind: "http", app: "apps/orders", bare: "bare-http.ts" },
  { kind: "worker", app: "apps/notifications", bare: "bare-worker.ts" },
  { kind: "cron", app: "apps/billing-report", bare: "bare-cron.ts" },
];

/** Single imports, each bundled alone with the http function's settings. */
const imports = {
  "hono + hono/aws-lambda": `import { Hono } from "hono"; import { handle } from "hono/aws-lambda"; globalThis.x = [Hono, handle];`,
  valibot: `import * as v from "valibot"; globalThis.x = v.object;`,
  "@aws-lambda-powertools/logger": `import { Logger } from "@aws-lambda-powertools/logger"; globalThis.x = Logger;`,
  "sst (Resource)": `import { Resource } from "sst"; globalThis.x = Resource;`,
  "@hono/standard-validator": `import { sValidator } from "@hono/standard-validator"; globalThis.x = sValidator;`,
  "@acme/runtime/logger": `import { createLogger } from "@acme/runtime/logger"; globalThis.x = createLogger;`,
  "@acme/runtime/resources": `import { resource } from "@acme/runtime/resources"; globalThis.x = resource;`,
  "@acme/runtime/http": `import { createHttpApp } from "@acme/runtime/http"; globalThis.x = createHttpApp;`,
  "@acme/runtime": `import { createHttpApp } from "@acme/runtime"; globalThis.x = createHttpApp;`,
};

/**
 * Bundles `file` as the service's own function is bundled; returns the bundle's path and size.
 * @param {string} appDir
 * @param {import("../packages/sst-offline/src/types.ts").EvaluatedFunction} fn
 * @param {string} file
 * @param {string} name
 */
async function bundle(appDir, fn, file, name) {
  const evaluation = /** @type {import("../packages/sst-offline/src/types.ts").Evaluation} */ ({
    functions: { [name]: { ...fn, file, handler: `${file.replace(/\.ts$/, "")}.handler` } },
  });
  const [built] = await offline.buildFunctions({
    appDir,
    evaluation,
    outDir: join(TEMP, "dist"),
  });
  if (!built) throw new Error(`Nothing bundled for ${name}.`);
  const path = join(built.dir, built.entry);
  const code = readFileSync(path);
  return { path, bytes: code.length, gzip: gzipSync(code).length };
}

/** Module init of `path` in a fresh Node process, as Lambda imports a handler, in ms. */
function initMs(/** @type {string} */ path) {
  const child = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      "const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));",
      pathToFileURL(path).href,
    ],
    { encoding: "utf8", env: { PATH: process.env.PATH, NODE_ENV: "production" } },
  );
  if (child.status !== 0) throw new Error(`Importing ${path} failed:\n${child.stderr}`);
  return Number(child.stdout);
}

/**
 * Measures every variant `runs` times, alternating; returns the medians by name.
 * @param {{ name: string, path: string }[]} variants
 */
function measureInit(variants) {
  /** @type {Map<string, number[]>} */
  const times = new Map(variants.map((variant) => [variant.name, []]));
  for (const variant of variants) initMs(variant.path); // warm the file system cache alike
  for (let run = 0; run < runs; run++) {
    for (const variant of variants) times.get(variant.name)?.push(initMs(variant.path));
  }
  return new Map([...times].map(([name, values]) => [name, summary(values)]));
}

const kb = (/** @type {number} */ bytes) => (bytes / 1024).toFixed(1);
const loadBefore = loadavg()[0];
const started = performance.now();
mkdirSync(TEMP, { recursive: true });
try {
  /** @type {{ kind: string, variant: string, path: string, bytes: number, gzip: number }[]} */
  const bundles = [];
  /** @type {import("../packages/sst-offline/src/types.ts").EvaluatedFunction | undefined} */
  let httpFunction;
  for (const { kind, app, bare } of kinds) {
    const appDir = join(WORKSPACE, app);
    const evaluation = await offline.evaluate({ appDir });
    const [name, fn] = Object.entries(evaluation.functions)[0] ?? [];
    if (!name || !fn) throw new Error(`${app} has no function.`);
    if (kind === "http") httpFunction = fn;
    const own = await bundle(appDir, fn, join(appDir, fn.file ?? ""), `${kind}-service`);
    const baseline = await bundle(appDir, fn, join(BENCH, "handlers", bare), `${kind}-bare`);
    bundles.push({ kind, variant: `${app} (${fn.handler})`, ...own });
    bundles.push({ kind, variant: `bare (bench/handlers/${bare})`, ...baseline });
  }
  const init = measureInit(bundles.map((b) => ({ name: b.path, path: b.path })));
  const rows = [
    [
      "kind",
      "handler",
      "bundle KB",
      "gzip KB",
      "init ms (median)",
      "min",
      "max",
      "× bare size",
      "× bare init",
      "× bare init (min)",
    ],
  ];
  for (let index = 0; index < bundles.length; index += 2) {
    const own = bundles[index];
    const bare = bundles[index + 1];
    if (!own || !bare) continue;
    const ownInit = init.get(own.path);
    const bareInit = init.get(bare.path);
    if (!ownInit || !bareInit) continue;
    for (const [entry, time] of [
      [own, ownInit],
      [bare, bareInit],
    ]) {
      const b = /** @type {typeof own} */ (entry);
      const t = /** @type {typeof ownInit} */ (time);
      rows.push([
        b.kind,
        b.variant,
        kb(b.bytes),
        kb(b.gzip),
        t.median.toFixed(1),
        t.min.toFixed(1),
        t.max.toFixed(1),
        b === own ? (own.bytes / bare.bytes).toFixed(2) : "1.00",
        b === own ? (ownInit.median / bareInit.median).toFixed(2) : "1.00",
        b === own ? (ownInit.min / bareInit.min).toFixed(2) : "1.00",
      ]);
    }
  }
  console.log("The services' handlers against bare handlers, same esbuild settings:\n");
  console.log(table(rows));

  if (args["no-imports"] === undefined && httpFunction) {
    const dir = join(TEMP, "imports");
    mkdirSync(dir, { recursive: true });
    /** @type {{ name: string, path: string, bytes: number, gzip: number }[]} */
    const singles = [];
    let index = 0;
    for (const [name, source] of Object.entries(imports)) {
      const file = join(dir, `import-${index++}.ts`);
      writeFileSync(file, `${source}\nexport const handler = () => undefined;\n`);
      const built = await bundle(
        join(WORKSPACE, "apps/orders"),
        httpFunction,
        file,
        `import-${index}`,
      );
      singles.push({ name, ...built });
    }
    const times = measureInit(singles.map((s) => ({ name: s.name, path: s.path })));
    const importRows = [
      ["import, bundled alone", "bundle KB", "gzip KB", "init ms (median)", "min", "max"],
    ];
    for (const single of singles) {
      const time = times.get(single.name);
      if (!time) continue;
      importRows.push([
        single.name,
        kb(single.bytes),
        kb(single.gzip),
        time.median.toFixed(1),
        time.min.toFixed(1),
        time.max.toFixed(1),
      ]);
    }
    console.log("\nWhat each import costs on its own:\n");
    console.log(table(importRows));
  }
} finally {
  rmSync(TEMP, { recursive: true, force: true });
}
console.log(
  `\n${runs} runs each, alternating; init = \`await import(bundle)\` in a fresh \`node\`. Machine: Node ${process.versions.node}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after; ${((performance.now() - started) / 1000).toFixed(0)} s in all.`,
);
