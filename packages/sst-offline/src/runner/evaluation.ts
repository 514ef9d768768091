/**
 * One evaluation of an app, as a list of steps: the CLI's work folder, the two esbuild bundles,
 * `app({ stage })`, the platform's Pulumi under mocks, the RPC server the components call, the
 * capture of every registration, then `run()`. The process around it (runner.ts) decides when it
 * is over: when the event loop drains, since functions register after their asynchronous build.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Evaluation } from "../types.js";
import { resolvePlatform } from "../platform.js";
import { type CompletedApp, completeApp } from "./app-config.js";
import { bundleConfig, bundleProgram } from "./bundle.js";
import { captureRegistrations } from "./capture.js";
import { installOfflineGlobals } from "./determinism.js";
import { type EnvironmentReads, recordEnvironmentReads } from "./environment.js";
import { DEFAULT_REGION } from "./mocks.js";
import { loadPulumi, mockEngine } from "./pulumi-runtime.js";
import { type FunctionBuild, startRpcServer } from "./rpc-server.js";
import { machinePathReplacements, type PathReplacement, scrubPaths } from "./scrub.js";
import { assembleEvaluation, plainObject } from "./serialize.js";

/** What the parent process (evaluate.ts) passes, as JSON in the first argument. */
export interface RunnerOptions {
  appDir: string;
  stage: string;
  dev: boolean;
  platformDir?: string;
  /** Where the runner writes its {@link RunnerResult}. */
  resultFile: string;
}

export type RunnerResult =
  | {
      ok: true;
      evaluation: Evaluation;
      /** Every file the evaluation read (absolute): what a reused evaluation must check is unchanged. */
      inputs: string[];
      /** Every environment variable the evaluation read, with its value (null: not set). */
      environment: EnvironmentReads;
    }
  | { ok: false; error: { name: string; message: string } };

/** An evaluation under way. */
export interface RunningEvaluation {
  /** Stops the RPC server; call once the event loop has drained. */
  close(): void;
  /** The evaluation and the files it read, once `run()` finished; undefined if it did not. */
  result(): { evaluation: Evaluation; inputs: string[]; environment: EnvironmentReads } | undefined;
  /** Machine paths out of a text (for error messages). */
  scrub(text: string): string;
}

interface Hooks {
  /** Reports an error from anywhere in the evaluation (the evaluation fails). */
  fail: (error: unknown) => void;
  /** Marks the end of a step (timing). */
  mark: (step: string) => void;
}

/** The SST CLI's `$cli` global (deploy, a first deploy: no state). */
function cliGlobal(appDir: string, work: string, platformDir: string, dev: boolean) {
  return {
    command: "deploy",
    dev,
    rpc: "",
    paths: { home: join(homedir(), ".config", "sst"), root: appDir, work, platform: platformDir },
    state: { version: {} },
  };
}

/**
 * The evaluation's temp folder, removed when the process exits: the bundles, a `node_modules` link
 * so the program's external imports (`@pulumi/*`, archiver...) resolve to the platform's copies,
 * and SST's work folder (artifacts).
 */
function workFolder(platformDir: string): { temp: string; work: string } {
  const temp = realpathSync(mkdtempSync(join(tmpdir(), "sst-offline-")));
  process.once("exit", () => rmSync(temp, { recursive: true, force: true }));
  symlinkSync(join(platformDir, "node_modules"), join(temp, "node_modules"), "dir");
  const work = join(temp, "work");
  mkdirSync(work);
  return { temp, work };
}

/** The CLI's first step: `app({ stage })` from the config alone, before any platform module loads. */
async function runAppFunction(configFile: string, stage: string): Promise<CompletedApp> {
  const config = ((await import(pathToFileURL(configFile).href)) as { default?: unknown })
    .default as { app?: unknown; run?: unknown } | undefined;
  if (!config || typeof config.app !== "function" || typeof config.run !== "function") {
    throw new Error("sst.config.ts must export default $config({ app(), run() }).");
  }
  return completeApp(await config.app({ stage }), stage);
}

/** The bundled program: SST's `run()` wrapper and the config module. */
interface Program {
  run: (program: () => unknown) => Promise<Record<string, unknown>>;
  mod: { run: () => unknown };
}

/** The handler files `Runtime.Build` checked (it reads them to find the exported function). */
function handlerFiles(appDir: string, functions: ReadonlyMap<string, FunctionBuild>): string[] {
  return [...functions.values()].filter((fn) => fn.file).map((fn) => resolve(appDir, fn.file));
}

/** Starts evaluating; resolves once `run()` is under way. */
export async function startEvaluation(
  options: RunnerOptions,
  { fail, mark }: Hooks,
): Promise<RunningEvaluation> {
  const appDir = realpathSync(options.appDir);
  const platform = resolvePlatform(appDir, { platformDir: options.platformDir });
  const { temp, work } = workFolder(platform.dir);
  const replacements: PathReplacement[] = machinePathReplacements({
    appDir,
    work,
    platformDir: platform.dir,
  });
  const cli = cliGlobal(appDir, work, platform.dir, options.dev);
  const globals = installOfflineGlobals();
  const programFile = join(temp, "program.mjs");
  const configFile = join(temp, "config.mjs");
  mark("setup");

  const [, programInputs] = await Promise.all([
    bundleConfig({ appDir, outfile: configFile, dev: options.dev, cli }),
    bundleProgram({ appDir, platform, outfile: programFile, dev: options.dev, cli }),
  ]);
  mark("esbuild");

  const environmentReads = recordEnvironmentReads();
  const app = await runAppFunction(configFile, options.stage);
  globals.app = app;
  const pulumi = loadPulumi(platform.dir);
  const program = (await import(pathToFileURL(programFile).href)) as Program;
  mark("import program");

  const region = String(app.providers.aws?.region ?? DEFAULT_REGION);
  const functions = new Map<string, FunctionBuild>();
  const server = await startRpcServer({
    paths: { root: appDir, work },
    region,
    onBuild: (build) => functions.set(build.name, build),
    onError: fail,
  });
  process.env.SST_SERVER = server.url;
  process.env.SST_AWS_REGION = region;
  const monitor = await mockEngine(pulumi, app, { region, partition: "aws" }, fail);
  const capture = captureRegistrations(monitor, app, fail);

  let outputs: Record<string, unknown> | undefined;
  pulumi.runtime
    .runInPulumiStack(() => program.run(program.mod.run))
    .then((returned) => {
      outputs = plainObject(returned ?? {});
    }, fail);

  return {
    close: () => server.close(),
    result: () =>
      outputs && {
        evaluation: scrubPaths(
          assembleEvaluation({ app, capture, functions, outputs }),
          replacements,
        ),
        inputs: [...programInputs, ...handlerFiles(appDir, functions)],
        environment: environmentReads(),
      },
    scrub: (text) => scrubPaths(text, replacements),
  };
}
