// @ts-check
/**
 * Timing helpers shared by the benchmarks: one offline evaluation in its own process with the
 * runner's step breakdown (SST_OFFLINE_TIMING=1), the runner of the current code or of another
 * git revision, any command's wall time, and summaries.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tsImport } from "tsx/esm/api";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

// @acme/sst-offline is TypeScript: load the two modules used here through tsx.
/** @type {typeof import("../../packages/sst-offline/src/platform.ts")} */
const platformModule = await tsImport(
  "../../packages/sst-offline/src/platform.ts",
  import.meta.url,
);
/** @type {typeof import("../../packages/sst-offline/src/runner-script.ts")} */
const runnerModule = await tsImport(
  "../../packages/sst-offline/src/runner-script.ts",
  import.meta.url,
);

/** Where the SST platform for an app lives (see packages/sst-offline/src/platform.ts). */
export const resolvePlatform = platformModule.resolvePlatform;

/** The current runner, compiled as `evaluate()` compiles it (plain JavaScript, cached). */
export function currentRunner() {
  return runnerModule.runnerScript();
}

/**
 * The runner of another git revision (`main`, a commit), for before/after runs: its
 * `packages/sst-offline/src` is extracted under `into` (a folder inside the workspace, so that
 * its imports resolve) and, when it is TypeScript, compiled as the current code compiles its own.
 * @param {string} ref
 * @param {string} into
 * @returns {Promise<string>}
 */
export async function runnerAt(ref, into) {
  const archive = execFileSync("git", ["archive", ref, "packages/sst-offline/src"], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  mkdirSync(into, { recursive: true });
  execFileSync("tar", ["-x", "-C", into], { input: archive });
  const runner = join(into, "packages", "sst-offline", "src", "runner");
  if (existsSync(join(runner, "runner.mjs"))) return join(runner, "runner.mjs");
  return runnerModule.runnerScript({
    source: join(runner, "runner.ts"),
    cacheDir: join(into, "compiled"),
  });
}

/** The runner's steps (its `[sst-offline] <step>: <ms>` lines), under short names. */
export const STEPS = {
  node: "node start-up",
  esbuild: "esbuild",
  load: "import program",
  run: "run() until the event loop drained",
};

/**
 * @typedef {object} EvaluationTiming
 * @property {number} ms wall time of the whole process (spawn to exit)
 * @property {Record<string, number>} steps ms by step (keys of {@link STEPS}, plus `setup`)
 * @property {number} resources
 * @property {number} functions
 */

/**
 * Evaluates an app once, in a fresh Node process, as `evaluate()` does, with `runner` (from
 * {@link currentRunner} or {@link runnerAt}).
 * @param {{ appDir: string, platformDir: string, runner: string, stage?: string }} options
 * @returns {EvaluationTiming}
 */
export function timeEvaluation({ appDir, platformDir, runner, stage = "dev" }) {
  const temp = mkdtempSync(join(tmpdir(), "sst-offline-bench-"));
  try {
    const resultFile = join(temp, "result.json");
    const started = performance.now();
    const child = spawnSync(
      process.execPath,
      [runner, JSON.stringify({ appDir, stage, dev: false, platformDir, resultFile })],
      { env: { ...process.env, SST_OFFLINE_TIMING: "1" }, encoding: "utf8" },
    );
    const ms = performance.now() - started;
    const result = JSON.parse(readFileSync(resultFile, "utf8"));
    if (!result.ok) throw new Error(`Evaluating ${appDir} failed: ${result.error.message}`);
    /** @type {Record<string, number>} */
    const steps = {};
    for (const match of child.stderr.matchAll(/\[sst-offline\] (.+?): (\d+) ms/g)) {
      const label = /** @type {string} */ (match[1]);
      const uptime = /process uptime (\d+) ms/.exec(label);
      if (uptime) {
        steps.node = Number(uptime[1]);
        continue;
      }
      const key = Object.entries(STEPS).find(([, step]) => step === label)?.[0] ?? label;
      steps[key] = Number(match[2]);
    }
    return {
      ms,
      steps,
      resources: result.evaluation.resources.length,
      functions: Object.keys(result.evaluation.functions ?? result.evaluation.functionLinks).length,
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/**
 * Runs a command to completion; returns its wall time in ms (throws with its output on failure).
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd: string }} options
 */
export function timeCommand(command, args, { cwd }) {
  const started = performance.now();
  const child = spawnSync(command, args, { cwd, encoding: "utf8" });
  const ms = performance.now() - started;
  if (child.status !== 0) {
    throw new Error(
      `${[command, ...args].join(" ")} failed (${child.status ?? child.signal}):\n${child.stdout}${child.stderr}`,
    );
  }
  return ms;
}

/**
 * @param {number[]} values
 * @returns {{ median: number, min: number, max: number }}
 */
export function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] ?? 0)
      : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted[sorted.length - 1] ?? 0 };
}

/**
 * Renders rows as an aligned text table; the first row is the header.
 * @param {string[][]} rows
 */
export function table(rows) {
  const widths = (rows[0] ?? []).map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? "").length)),
  );
  return rows
    .map((row, index) =>
      row
        .map((cell, column) =>
          index === 0 || column === 0
            ? cell.padEnd(widths[column] ?? 0)
            : cell.padStart(widths[column] ?? 0),
        )
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/**
 * Parses `--name value` / `--name=value` / `--flag` arguments.
 * @param {string[]} argv
 * @returns {Record<string, string | true>}
 */
export function parseArgs(argv) {
  /** @type {Record<string, string | true>} */
  const args = {};
  for (let index = 0; index < argv.length; index++) {
    const arg = /** @type {string} */ (argv[index]);
    if (!arg.startsWith("--")) throw new Error(`Unexpected argument ${arg}.`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s);
    const next = argv[index + 1];
    if (inline !== undefined) args[/** @type {string} */ (name)] = inline;
    else if (next !== undefined && !next.startsWith("--")) {
      args[/** @type {string} */ (name)] = next;
      index++;
    } else args[/** @type {string} */ (name)] = true;
  }
  return args;
}
