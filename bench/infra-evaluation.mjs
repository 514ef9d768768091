#!/usr/bin/env node
// @ts-check
/**
 * How long an offline evaluation of a service's sst.config.ts takes, and how it grows with the
 * number of functions; next to what a user would otherwise run: `sst diff` (needs AWS: not
 * measurable here) and the service's typecheck with the native TypeScript compiler.
 *
 * Usage: node bench/infra-evaluation.mjs [--runs 5] [--sizes 1,10,50] [--app <service dir>]
 *                                        [--no-typecheck] [--against <git ref>[,<git ref>...]]
 *
 * `--against main` measures main's runner in the same run, alternating with the current one run
 * by run (so both see the same machine load), and adds a row per app for it and the ratio.
 *
 * Apps are generated under packages/sst-offline/.bench-tmp/ (git-ignored, removed at the end),
 * inside the workspace so that workspace packages and the shared SST platform resolve:
 * - "typical": what `nx g @acme/platform:service --kind http --bucket` generates (conventions from
 *   @acme/infra, a Bucket, one function linked to it, an ApiGatewayV2 with 3 routes);
 * - "N functions": N `sst.aws.Function`s, one handler file each, alternately with a function URL
 *   and linked to a shared Bucket.
 * Each evaluation runs in a fresh Node process, one at a time, as `evaluate()` runs it.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  currentRunner,
  parseArgs,
  resolvePlatform,
  runnerAt,
  STEPS,
  summary,
  table,
  timeCommand,
  timeEvaluation,
} from "./lib/measure.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TEMP = join(ROOT, "packages", "sst-offline", ".bench-tmp");
const TSC = join(ROOT, "node_modules", "typescript-native", "bin", "tsc");

const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 5);
const sizes = typeof args.sizes === "string" ? args.sizes.split(",").map(Number) : [1, 10, 50];
const typecheck = args["no-typecheck"] !== true;
const against = typeof args.against === "string" ? args.against.split(",") : [];
if (
  !Number.isInteger(runs) ||
  runs < 1 ||
  sizes.some((n) => !Number.isInteger(n) || n < 1) ||
  args.against === true
) {
  console.error(
    "Usage: node bench/infra-evaluation.mjs [--runs N] [--sizes 1,10,50] [--app dir] [--no-typecheck] [--against <git ref>[,<git ref>...]]",
  );
  process.exit(2);
}

const REFERENCE = '/// <reference path="./.sst/platform/config.d.ts" />\n';

/**
 * Writes an app folder: its files, a tsconfig like the generator's, and `.sst/platform` linked to
 * the shared install (as services have it).
 * @param {string} name
 * @param {Record<string, string>} files
 * @param {string} platformDir
 */
function writeApp(name, files, platformDir) {
  const dir = join(TEMP, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: join(ROOT, "tsconfig.base.json"),
      compilerOptions: { types: ["node", "aws-lambda"] },
      include: ["src", "infra", "sst.config.ts", "sst-env.d.ts"],
    }),
  );
  mkdirSync(join(dir, ".sst"), { recursive: true });
  symlinkSync(platformDir, join(dir, ".sst", "platform"), "dir");
  return dir;
}

/** The files `nx g @acme/platform:service bench-typical --kind http --bucket` generates. */
function typicalApp() {
  return {
    "sst.config.ts": `${REFERENCE}export default $config({
  app(input) {
    return {
      name: "bench-typical",
      home: "aws",
      removal: input?.stage === "production" ? "retain" : "remove",
      protect: input?.stage === "production",
    };
  },
  async run() {
    const { applyConventions } = await import("@acme/infra");
    applyConventions({ service: "bench-typical", owner: "bench" });
    const { infra } = await import("./infra");
    return infra();
  },
});
`,
    "infra/index.ts": `/// <reference path="../.sst/platform/config.d.ts" />
export const routes = ["GET /health", "POST /items", "GET /items/{id}"] as const;

export function infra() {
  const bucket = new sst.aws.Bucket("Bucket");
  const handler = new sst.aws.Function("ApiHandler", {
    handler: "src/handler.handler",
    link: [bucket],
  });
  const api = new sst.aws.ApiGatewayV2("Api");
  for (const route of routes) api.route(route, handler.arn);
  return { url: api.url };
}
`,
    "src/app.ts": `import { createHttpApp, HttpError, resource, validate } from "@acme/runtime";
import * as v from "valibot";

export const app = createHttpApp({ service: "bench-typical" });
const NewItem = v.object({ name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)) });
interface Item {
  id: string;
  name: string;
}
const items = new Map<string, Item>();

app.post("/items", validate("json", NewItem), (c) => {
  const item: Item = { id: crypto.randomUUID(), ...c.req.valid("json") };
  items.set(item.id, item);
  c.var.logger.info("item created", { id: item.id, bucket: resource("Bucket").name });
  return c.json(item, 201);
});

app.get("/items/:id", (c) => {
  const item = items.get(c.req.param("id"));
  if (!item) throw new HttpError(404, { detail: \`There is no item \${c.req.param("id")}.\` });
  return c.json(item);
});
`,
    "src/handler.ts": `import { toLambdaHandler } from "@acme/runtime";
import { app } from "./app";

export const handler = toLambdaHandler(app);
`,
    "sst-env.d.ts": `declare module "sst" {
  export interface Resource {
    "Bucket": {
      "name": string
      "type": "sst.aws.Bucket"
    }
  }
}

import "sst"
export {}
`,
  };
}

/**
 * An app with `count` functions, alternately with a URL and linked to a shared Bucket.
 * @param {number} count
 */
function functionsApp(count) {
  /** @type {Record<string, string>} */
  const files = {};
  const lines = [];
  for (let index = 0; index < count; index++) {
    files[`src/fn${index}.ts`] =
      `export const handler = async () => ({ statusCode: 200, body: "fn${index}" });\n`;
    const options =
      index % 2 === 0
        ? `{ handler: "src/fn${index}.handler", url: true }`
        : `{ handler: "src/fn${index}.handler", link: [bucket] }`;
    lines.push(`    new sst.aws.Function("Fn${index}", ${options});`);
  }
  files["sst.config.ts"] = `${REFERENCE}export default $config({
  app() {
    return { name: "bench-fns-${count}", home: "aws", removal: "remove" };
  },
  async run() {
    const bucket = new sst.aws.Bucket("Shared");
${lines.join("\n")}
    return { bucket: bucket.name };
  },
});
`;
  return files;
}

const seconds = (/** @type {number} */ ms) => (ms / 1000).toFixed(2);

/** @typedef {{ name: string, path: string }} Runner */

/**
 * One row per runner (the current one first); runners alternate run by run.
 * @param {string} label
 * @param {string} appDir
 * @param {string} platformDir
 * @param {Runner[]} runners
 * @returns {string[][]}
 */
function measure(label, appDir, platformDir, runners) {
  process.stderr.write(`${label}: evaluating ${runs}× with ${runners.length} runner(s)`);
  /** @type {import("./lib/measure.mjs").EvaluationTiming[][]} */
  const timings = runners.map(() => []);
  for (let run = 0; run < runs; run++) {
    runners.forEach((runner, index) => {
      timings[index]?.push(timeEvaluation({ appDir, platformDir, runner: runner.path }));
    });
    process.stderr.write(".");
  }
  let tsc = "skipped";
  if (typecheck) {
    process.stderr.write(` typechecking ${runs}×`);
    const times = [];
    for (let run = 0; run < runs; run++) {
      times.push(
        timeCommand(process.execPath, [TSC, "--noEmit", "-p", "tsconfig.json"], { cwd: appDir }),
      );
      process.stderr.write(".");
    }
    tsc = seconds(summary(times).median);
  }
  process.stderr.write("\n");
  const medians = timings.map((list) => summary(list.map((timing) => timing.ms)).median);
  return runners.map((runner, index) => {
    const list = timings[index] ?? [];
    const total = summary(list.map((timing) => timing.ms));
    const step = (/** @type {string} */ key) =>
      seconds(summary(list.map((timing) => timing.steps[key] ?? 0)).median);
    const ratio = index === 0 ? "1.00" : ((medians[index] ?? 0) / (medians[0] ?? 1)).toFixed(2);
    return [
      label,
      runner.name,
      String(list[0]?.functions ?? 0),
      String(list[0]?.resources ?? 0),
      seconds(total.median),
      ratio,
      seconds(total.min),
      seconds(total.max),
      ...Object.keys(STEPS).map(step),
      "n/a (needs AWS)",
      tsc,
    ];
  });
}

const platformDir = resolvePlatform(ROOT, {}).dir;
const before = loadavg()[0] ?? 0;
const started = performance.now();
rmSync(TEMP, { recursive: true, force: true });
/** @type {Runner[]} */
const runners = [{ name: "current", path: await currentRunner() }];
for (const [index, ref] of against.entries()) {
  runners.push({ name: ref, path: await runnerAt(ref, join(TEMP, `against-${index}`)) });
}
const rows = [
  [
    "app",
    "runner",
    "functions",
    "resources",
    "median s",
    "× current",
    "min s",
    "max s",
    ...Object.keys(STEPS).map((step) => `${step} s`),
    "sst diff",
    "tsc (native) s",
  ],
];
try {
  rows.push(
    ...measure(
      "typical http service",
      writeApp("typical", typicalApp(), platformDir),
      platformDir,
      runners,
    ),
  );
  for (const count of sizes) {
    const label = `${count} function${count === 1 ? "" : "s"}`;
    rows.push(
      ...measure(
        label,
        writeApp(`fns-${count}`, functionsApp(count), platformDir),
        platformDir,
        runners,
      ),
    );
  }
  if (typeof args.app === "string") {
    const appDir = resolve(args.app);
    rows.push(...measure(basename(appDir), appDir, resolvePlatform(appDir).dir, runners));
  }
} finally {
  rmSync(TEMP, { recursive: true, force: true });
}

console.log(table(rows));
console.log(
  [
    "",
    `Evaluation: wall time of one evaluation process, ${runs} runs each (median, min, max; × current: this runner's`,
    "median over the current runner's, measured alternately in the same run); the breakdown is the",
    "median of each step: node = Node start-up until the runner runs; esbuild = bundling sst.config.ts with SST's",
    "run() wrapper; load = app(), loading Pulumi, the AWS provider and the program; run = run() until the event loop",
    "drained (components, RPC, mocks). sst diff needs AWS credentials and the Pulumi CLI: not measurable here.",
    `tsc (native): \`node node_modules/typescript-native/bin/tsc --noEmit -p tsconfig.json\` in the app, median of ${typecheck ? runs : 0}.`,
    `Machine: ${cpus().length} cores, Node ${process.versions.node}; load average ${before.toFixed(2)} before, ${(loadavg()[0] ?? 0).toFixed(2)} after; ${seconds(performance.now() - started)} s in all.`,
  ].join("\n"),
);
