#!/usr/bin/env node
/**
 * Where the bytes of the worker's bundle go (issue 12, part 5; bench/handler-cold-start.mts gives
 * the ratios). apps/notifications' consumer and the bare worker (bench/handlers/bare-worker.ts) are
 * bundled as `nx build` bundles them (`buildFunctions` from @acme/sst-offline, with the evaluated
 * function's settings), then again with esbuild directly under the same options plus a metafile,
 * which gives each input's bytes in the output. The two bundles must be the same size (checked),
 * so the breakdown is of the bundle `nx build` writes.
 *
 * Usage: node --import tsx bench/worker-bundle-breakdown.mts
 */
import { mkdirSync, rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import {
  buildFunctions,
  FORCE_EXTERNAL,
  FUNCTION_BANNER,
  targetOf,
} from "../packages/sst-offline/src/build.ts";
import {
  type EvaluatedFunction,
  type Evaluation,
  evaluate,
} from "../packages/sst-offline/src/index.ts";
import { ratio, table } from "./lib/measure.mts";

const BENCH = fileURLToPath(new URL(".", import.meta.url));
const WORKSPACE = join(BENCH, "..");
const TEMP = join(BENCH, "tmp", `worker-breakdown-${process.pid}`);
const APP = join(WORKSPACE, "apps/notifications");

mkdirSync(TEMP, { recursive: true });
try {
  const evaluation = await evaluate({ appDir: APP });
  const fn = Object.values(evaluation.functions)[0];
  if (!fn) throw new Error("apps/notifications has no function.");
  const service = await breakdown(fn, join(APP, fn.file), APP);
  const bare = await breakdown(fn, join(BENCH, "handlers/bare-worker.ts"), BENCH);
  for (const [label, result] of [
    [`worker: apps/notifications (${fn.handler})`, service],
    ["worker: bare (bench/handlers/bare-worker.ts)", bare],
  ] as const) {
    console.log(`\n${label}: ${result.bytes} bytes (${ratio(result.bytes, bare.bytes)} × bare)\n`);
    console.log(table([["input", "bytes in the bundle"], ...result.rows]));
  }
  console.log(
    `\n1.2 × bare is ${Math.floor(1.2 * bare.bytes)} bytes; the service's bundle is ${service.bytes - Math.floor(1.2 * bare.bytes)} bytes over it.`,
  );
} finally {
  rmSync(TEMP, { recursive: true, force: true });
}

/** `file` bundled as the function `fn`: the size `nx build` writes and each input's bytes. */
async function breakdown(fn: EvaluatedFunction, file: string, root: string) {
  const name = `breakdown-${relative(WORKSPACE, file).replace(/\W/g, "-")}`;
  const handler = `${file.replace(/\.ts$/, "")}.handler`;
  const single = { functions: { [name]: { ...fn, file, handler } } };
  const [built] = await buildFunctions({
    appDir: root,
    evaluation: single as Partial<Evaluation> as Evaluation,
    outDir: join(TEMP, "dist"),
  });
  if (!built) throw new Error(`Nothing bundled for ${file}.`);

  const nodejs = fn.nodejs ?? {};
  const result = await build({
    entryPoints: [file],
    absWorkingDir: root,
    platform: "node",
    external: [...FORCE_EXTERNAL, ...(nodejs.esbuild?.external ?? [])],
    keepNames: true,
    bundle: true,
    metafile: true,
    write: false,
    outfile: join(TEMP, "meta", `${name}.mjs`),
    format: "esm",
    target: nodejs.esbuild?.target ?? targetOf(fn.runtime),
    mainFields: ["module", "main"],
    banner: { js: [...FUNCTION_BANNER, nodejs.banner ?? ""].join("\n") },
    minify: nodejs.minify !== false,
    logLevel: "silent",
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  if (!output || output.bytes !== built.bytes) {
    throw new Error(
      `The metafile's bundle (${output?.bytes} bytes) is not the one nx build writes (${built.bytes} bytes): the options here no longer match packages/sst-offline/src/build.ts.`,
    );
  }
  const inputs = Object.entries(output.inputs).map(([path, { bytesInOutput }]) => ({
    path: path.includes("node_modules/")
      ? path.replace(/^.*node_modules\//, "node_modules/")
      : relative(WORKSPACE, resolve(root, path)),
    bytes: bytesInOutput,
  }));
  const counted = inputs.reduce((sum, input) => sum + input.bytes, 0);
  const rows = inputs
    .filter((input) => input.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
    .map((input) => [input.path, String(input.bytes)]);
  const runtime = inputs.filter((input) => input.path.startsWith("packages/runtime/"));
  if (runtime.length > 0) {
    const bytes = runtime.reduce((sum, input) => sum + input.bytes, 0);
    rows.push(["packages/runtime in all", String(bytes)]);
  }
  rows.push(["(esbuild's helpers, the banner, the exports)", String(output.bytes - counted)]);
  return { bytes: output.bytes, rows };
}
