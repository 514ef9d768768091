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
import { type Capture, captureRegistrations } from "./capture.js";
import { installOfflineGlobals } from "./determinism.js";
import { type EnvironmentReads, recordEnvironmentReads } from "./environment.js";
import { DEFAULT_REGION } from "./mocks.js";
import { loadPulumi, mockEngine, type PulumiRuntime } from "./pulumi-runtime.js";
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
  /** Stops the RPC server and removes the work folder; call once the program has settled. */
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
  /**
   * Runs the Pulumi program's part (mocks, registrations, `run()`) in a context of its own; the
   * batch runner gives each program a fresh Pulumi store this way. Default: the process's store.
   */
  isolate?: <T>(pulumi: PulumiRuntime, work: () => Promise<T>) => Promise<T>;
  /** Starts recording the environment the program reads (a batch credits shared modules' reads). */
  recordEnvironment?: () => (() => EnvironmentReads) & { stop: () => void };
  /**
   * Runs one of the runner's own steps that every program runs alike (the RPC server's start);
   * a batch credits what the first one read to the later ones.
   */
  runnerStep?: <T>(step: string, work: () => Promise<T>) => Promise<T>;
  /** Imports the program (`load`), told the packages it imports at run time (its externals). */
  importProgram?: <T>(
    externals: readonly string[],
    programFile: string,
    load: () => Promise<T>,
  ) => Promise<T>;
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
function workFolder(platformDir: string): { temp: string; work: string; remove: () => void } {
  const temp = realpathSync(mkdtempSync(join(tmpdir(), "sst-offline-")));
  const remove = () => rmSync(temp, { recursive: true, force: true });
  process.once("exit", remove);
  symlinkSync(join(platformDir, "node_modules"), join(temp, "node_modules"), "dir");
  const work = join(temp, "work");
  mkdirSync(work);
  return {
    temp,
    work,
    remove: () => {
      process.off("exit", remove);
      remove();
    },
  };
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
  {
    fail,
    mark,
    isolate = (_pulumi, work) => work(),
    recordEnvironment = recordEnvironmentReads,
    importProgram = (_externals, _programFile, load) => load(),
    runnerStep = (_step, work) => work(),
  }: Hooks,
): Promise<RunningEvaluation> {
  const appDir = realpathSync(options.appDir);
  const platform = resolvePlatform(appDir, { platformDir: options.platformDir });
  const { temp, work, remove } = workFolder(platform.dir);
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

  const [, bundled] = await Promise.all([
    bundleConfig({ appDir, outfile: configFile, dev: options.dev, cli }),
    bundleProgram({ appDir, platform, outfile: programFile, dev: options.dev, cli }),
  ]);
  mark("esbuild");

  const environmentReads = recordEnvironment();
  const app = await runAppFunction(configFile, options.stage);
  globals.app = app;
  const pulumi = loadPulumi(platform.dir);
  const program = await importProgram(
    bundled.externals,
    programFile,
    async () => (await import(pathToFileURL(programFile).href)) as Program,
  );
  mark("import program");

  const region = String(app.providers.aws?.region ?? DEFAULT_REGION);
  const functions = new Map<string, FunctionBuild>();
  // Node loads `cluster` on a process's first `listen()`, which reads NODE_UNIQUE_ID...
  const server = await runnerStep("rpc server", () =>
    startRpcServer({
      paths: { root: appDir, work },
      region,
      onBuild: (build) => functions.set(build.name, build),
      onError: fail,
    }),
  );
  process.env.SST_SERVER = server.url;
  process.env.SST_AWS_REGION = region;
  let outputs: Record<string, unknown> | undefined;
  let capture: Capture | undefined;
  const started = new Promise<void>((resolveStarted, rejectStarted) => {
    isolate(pulumi, async () => {
      const monitor = await mockEngine(pulumi, app, { region, partition: "aws" }, fail);
      capture = captureRegistrations(monitor, app, fail);
      const running = pulumi.runtime.runInPulumiStack(() => program.run(program.mod.run));
      resolveStarted();
      return running;
    }).then(
      (returned) => {
        outputs = plainObject(returned ?? {});
      },
      (error: unknown) => {
        rejectStarted(error);
        fail(error);
      },
    );
  });
  await started;

  return {
    close: () => {
      server.close();
      environmentReads.stop();
      remove();
    },
    result: () =>
      outputs &&
      capture && {
        evaluation: scrubPaths(
          assembleEvaluation({ app, capture, functions, outputs }),
          replacements,
        ),
        inputs: [...bundled.inputs, ...handlerFiles(appDir, functions)],
        environment: environmentReads(),
      },
    scrub: (text) => scrubPaths(text, replacements),
  };
}
