/**
 * One offline evaluation in its own process with the runner's step breakdown
 * (SST_OFFLINE_TIMING=1), with the runner of the current code or of another git revision.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as platformModule from "../../packages/sst-offline/src/platform.ts";
import * as runnerModule from "../../packages/sst-offline/src/runner-script.ts";
import { timed } from "./time.mts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Where the SST platform for an app lives (see packages/sst-offline/src/platform.ts). */
export const resolvePlatform = platformModule.resolvePlatform;

/** The current runner, compiled as `evaluate()` compiles it (plain JavaScript, cached). */
export function currentRunner() {
  return runnerModule.runnerScript();
}

/**
 * The runner of another git revision (`main`, a commit), for before/after runs: its
 * `packages/sst-offline/src` is extracted under `into` (a folder inside the workspace, so that
 * its imports resolve) and, when it is TypeScript, compiled by that revision's own
 * `runner-script.ts` (so a change to how the runner is compiled and cached is measured too).
 */
export async function runnerAt(ref: string, into: string): Promise<string> {
  const archive = execFileSync("git", ["archive", ref, "packages/sst-offline/src"], {
    cwd: ROOT,
    maxBuffer: 256 * 1024 * 1024,
  });
  mkdirSync(into, { recursive: true });
  execFileSync("tar", ["-x", "-C", into], { input: archive });
  const runner = join(into, "packages", "sst-offline", "src", "runner");
  if (existsSync(join(runner, "runner.mjs"))) return join(runner, "runner.mjs");
  const compiler = (await runnerScriptModuleIn(into)) ?? runnerModule;
  return compiler.runnerScript({
    source: join(runner, "runner.ts"),
    cacheDir: join(into, "compiled"),
  });
}

/** The `runner-script.ts` of a revision {@link runnerAt} extracted under `into`, if it has one. */
export async function runnerScriptModuleIn(into: string): Promise<typeof runnerModule | undefined> {
  const file = join(into, "packages", "sst-offline", "src", "runner-script.ts");
  if (!existsSync(file)) return undefined;
  return (await import(pathToFileURL(file).href)) as typeof runnerModule;
}

/** The runner's steps (its `[sst-offline] <step>: <ms>` lines), under short names. */
export const STEPS = {
  node: "node start-up",
  esbuild: "esbuild",
  load: "import program",
  run: "run() until the event loop drained",
};

export interface EvaluationTiming {
  /** Wall time of the whole process (spawn to exit). */
  ms: number;
  /** Ms by step (keys of {@link STEPS}, plus `setup`). */
  steps: Record<string, number>;
  resources: number;
  functions: number;
}

/**
 * Evaluates an app once, in a fresh Node process, as `evaluate()` does, with `runner` (from
 * {@link currentRunner} or {@link runnerAt}).
 */
export function timeEvaluation({
  appDir,
  platformDir,
  runner,
  stage = "dev",
}: {
  appDir: string;
  platformDir: string;
  runner: string;
  stage?: string;
}): EvaluationTiming {
  const temp = mkdtempSync(join(tmpdir(), "sst-offline-bench-"));
  try {
    const resultFile = join(temp, "result.json");
    const { ms, value: child } = timed(() =>
      spawnSync(
        process.execPath,
        [runner, JSON.stringify({ appDir, stage, dev: false, platformDir, resultFile })],
        { env: { ...process.env, SST_OFFLINE_TIMING: "1" }, encoding: "utf8" },
      ),
    );
    const result = JSON.parse(readFileSync(resultFile, "utf8"));
    if (!result.ok) throw new Error(`Evaluating ${appDir} failed: ${result.error.message}`);
    const steps: Record<string, number> = {};
    for (const match of child.stderr.matchAll(/\[sst-offline\] (.+?): (\d+) ms/g)) {
      const label = match[1] as string;
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
