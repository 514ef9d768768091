#!/usr/bin/env node
/**
 * How long an offline evaluation of a service's sst.config.ts takes, and how it grows with the
 * number of functions; next to what a user would otherwise run: `sst diff` (needs AWS: not
 * measurable here) and the service's typecheck with the native TypeScript compiler.
 *
 * Usage: node --import tsx bench/infra-evaluation.mts [--runs 5] [--sizes 1,10,50] [--app <service dir>]
 *                                        [--no-typecheck] [--against <git ref>[,<git ref>...]]
 *
 * `--against main` measures main's runner in the same run, alternating with the current one run
 * by run (so both see the same machine load), and adds a row per app for it and the ratio.
 *
 * Apps are generated under packages/sst-offline/.bench-tmp/ (git-ignored, removed at the end),
 * inside the workspace so that workspace packages and the shared SST platform resolve:
 * - "typical": what `nx g @acme/platform:service --kind http --bucket` generates, rendered by that
 *   generator and its templates (lib/services.mts): conventions from @acme/infra, a Bucket, one
 *   function linked to it, an ApiGatewayV2 with 3 routes;
 * - "N functions": N `sst.aws.Function`s, one handler file each, alternately with a function URL
 *   and linked to a shared Bucket.
 * Each evaluation runs in a fresh Node process, one at a time, as `evaluate()` runs it.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  currentRunner,
  type EvaluationTiming,
  loadAverage,
  machineNote,
  parseArgs,
  ratio,
  resolvePlatform,
  runnerAt,
  STEPS,
  summary,
  table,
  timeCommand,
  timedAsync,
  timeEvaluation,
} from "./lib/measure.mts";
import { renderService } from "./lib/services.mts";

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
    "Usage: node --import tsx bench/infra-evaluation.mts [--runs N] [--sizes 1,10,50] [--app dir] [--no-typecheck] [--against <git ref>[,<git ref>...]]",
  );
  process.exit(2);
}

const REFERENCE = '/// <reference path="./.sst/platform/config.d.ts" />\n';

/**
 * Writes an app folder: its files, its tsconfig (the generator's, or one like it), and
 * `.sst/platform` linked to the shared install (as services have it).
 */
function writeApp(name: string, files: Record<string, string>, platformDir: string) {
  const dir = join(TEMP, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  // The generator's tsconfig extends the base by a path relative to apps/<name>; this folder
  // is deeper, so the base is given by its absolute path.
  const tsconfig = files["tsconfig.json"]
    ? JSON.parse(files["tsconfig.json"])
    : {
        compilerOptions: { types: ["node", "aws-lambda"] },
        include: ["src", "infra", "sst.config.ts", "sst-env.d.ts"],
      };
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ ...tsconfig, extends: join(ROOT, "tsconfig.base.json") }),
  );
  mkdirSync(join(dir, ".sst"), { recursive: true });
  symlinkSync(platformDir, join(dir, ".sst", "platform"), "dir");
  return dir;
}

/** An app with `count` functions, alternately with a URL and linked to a shared Bucket. */
function functionsApp(count: number) {
  const files: Record<string, string> = {};
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

const seconds = (ms: number) => (ms / 1000).toFixed(2);

interface Runner {
  name: string;
  path: string;
}

/** One row per runner (the current one first); runners alternate run by run. */
function measure(
  label: string,
  appDir: string,
  platformDir: string,
  runners: Runner[],
): string[][] {
  process.stderr.write(`${label}: evaluating ${runs}× with ${runners.length} runner(s)`);
  const timings: EvaluationTiming[][] = runners.map(() => []);
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
    const step = (key: string) =>
      seconds(summary(list.map((timing) => timing.steps[key] ?? 0)).median);
    return [
      label,
      runner.name,
      String(list[0]?.functions ?? 0),
      String(list[0]?.resources ?? 0),
      seconds(total.median),
      ratio(medians[index] ?? 0, medians[0] ?? 0),
      seconds(total.min),
      seconds(total.max),
      ...Object.keys(STEPS).map(step),
      "n/a (needs AWS)",
      tsc,
    ];
  });
}

const platformDir = resolvePlatform(ROOT, {}).dir;
const before = loadAverage();
rmSync(TEMP, { recursive: true, force: true });
const runners: Runner[] = [{ name: "current", path: await currentRunner() }];
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
const { ms: totalMs } = await timedAsync(async () => {
  try {
    rows.push(
      ...measure(
        "typical http service",
        writeApp(
          "typical",
          await renderService({
            name: "bench-typical",
            kind: "http",
            bucket: true,
            owner: "bench",
          }),
          platformDir,
        ),
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
});

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
    `${machineNote(before)} ${seconds(totalMs)} s in all.`,
  ].join("\n"),
);
