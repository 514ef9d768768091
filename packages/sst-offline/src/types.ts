export interface EvaluateOptions {
  /** The service folder: the one holding `sst.config.ts`. */
  appDir: string;
  /** The stage passed to `app({ stage })` and used as `$app.stage`. Default "dev". */
  stage?: string;
  /** The value of `$dev` (as under `sst dev`). Default false. */
  dev?: boolean;
  /**
   * The SST platform install to use instead of `<appDir>/.sst/platform` or the workspace's
   * `packages/infra/.sst/platform` (also settable with `SHIPYARD_SST_PLATFORM`).
   */
  platformDir?: string;
  /** Stop the evaluation after this long. Default 120 000 ms. */
  timeoutMs?: number;
  /**
   * Read the service's kept evaluation for this stage (`.sst/offline/<stage>.json`) when nothing
   * it was made from has changed (files and environment variables read, platform, stage), and
   * keep each new evaluation there. Default true; false always evaluates and keeps nothing.
   */
  reuse?: boolean;
}

export interface ResourceOptions {
  retainOnDelete?: boolean;
  protect?: boolean;
  ignoreChanges?: string[];
  /** Explicit dependencies (URNs), as Pulumi sends them: components expanded to their resources. */
  dependsOn?: string[];
  deleteBeforeReplace?: boolean;
}

export interface EvaluatedResource {
  urn: string;
  /** The Pulumi type token, e.g. "aws:lambda/function:Function" or "sst:aws:Function". */
  type: string;
  /** The logical name, e.g. "ApiFunction". */
  name: string;
  /** The mock id of a custom resource (derived from its name: `vpc-…`, the bucket name…). */
  id?: string;
  /** The parent's URN; absent for resources at the top of the stack. */
  parent?: string;
  /**
   * The inputs as sent to the engine: secrets unwrapped, resource references as URNs, assets as
   * `{ $asset, path | text | uri }` and archives as `{ $archive, path | assets | uri }`.
   */
  inputs: Record<string, unknown>;
  options: ResourceOptions;
}

export interface LinkedResource {
  /** The linkable's name, as in `Resource.<name>`. */
  name: string;
  /** e.g. "sst.aws.Bucket". */
  type: string;
  /** What `Resource.<name>` holds at run time (SST's link properties, `type` included). */
  properties: Record<string, unknown>;
}

export interface Evaluation {
  app: { name: string; stage: string; removal?: string; protect?: boolean };
  /** Every resource the program registered, sorted by URN (the root stack left out). */
  resources: EvaluatedResource[];
  /** The stack outputs: what `run()` returned, without SST's internal `_` keys. */
  outputs: Record<string, unknown>;
  /** Every linkable the program created (SST's `LinkRef`s), sorted by name. */
  links: LinkedResource[];
  /** For every function built: the names of the resources it links, sorted. */
  functionLinks: Record<string, string[]>;
  /**
   * Every function built (SST's `Runtime.Build`, or `Runtime.AddTarget` under `dev`), by its SST
   * name, sorted: what `sst-offline build` bundles.
   */
  functions: Record<string, EvaluatedFunction>;
}

/** A function of the evaluation, as SST's Node runtime receives it. */
export interface EvaluatedFunction {
  /** The handler as configured, e.g. "src/handler.handler". */
  handler: string;
  /**
   * The handler's source file as SST finds it (extensions `.ts .tsx .mts .cts .js .jsx .mjs
   * .cjs`, in that order), relative to the app folder, e.g. "src/handler.ts".
   */
  file: string;
  /** The Lambda runtime, e.g. "nodejs22.x" (SST's default "nodejs24.x" when unset). */
  runtime: string;
  /** The names of the resources it links, sorted. */
  links: string[];
  /**
   * The function's `nodejs` options (minify, format, install, loader, banner, esbuild,
   * sourcemap, splitting, plugins) when it sets any, as SST passes them to its Node runtime.
   */
  nodejs?: NodeFunctionOptions;
}

/** The `nodejs` options of an `sst.aws.Function` that `sst-offline build` honours. */
export interface NodeFunctionOptions {
  minify?: boolean;
  format?: "esm" | "cjs";
  sourcemap?: boolean;
  splitting?: boolean;
  banner?: string;
  loader?: Record<string, string>;
  /** Packages left out of the bundle and installed next to it (names → versions). */
  install?: Record<string, string>;
  /** A file (relative to the app) exporting esbuild plugins. */
  plugins?: string;
  esbuild?: { external?: string[]; target?: string | string[]; [key: string]: unknown };
  [key: string]: unknown;
}

export interface BuildOptions {
  /** The service folder: the one holding `sst.config.ts`. */
  appDir: string;
  /** The evaluation whose functions to bundle (from {@link Evaluation.functions}). */
  evaluation: Evaluation;
  /** Where each function's bundle goes: `<outDir>/<FunctionName>/`. Default `<appDir>/dist`. */
  outDir?: string;
  /** Build as `sst dev` does: no minification, linked source maps. Default false. */
  dev?: boolean;
}

export interface BuiltFunction {
  /** The function's SST name (its folder under `outDir`). */
  name: string;
  /** The handler as configured ("src/handler.handler"). */
  handler: string;
  /** The handler inside the bundle folder, as SST sets it on the Lambda ("src/handler.handler"). */
  bundledHandler: string;
  /** The bundle folder, `<outDir>/<name>`. */
  dir: string;
  /** The entry file written, relative to `dir` ("src/handler.mjs"). */
  entry: string;
  /** The size of the JavaScript written (entry and chunks, without source maps), in bytes. */
  bytes: number;
  /** Packages left external that SST would `npm install` into the bundle (names → versions). */
  install: Record<string, string>;
}

export interface RenderLinkTypesOptions {
  /** Type only these links (default: every resource that a function links). */
  only?: string[];
}
