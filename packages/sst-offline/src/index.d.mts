/**
 * The public API of @acme/sst-offline. The implementation is plain ESM (`index.mjs` and its
 * modules) so that the `sst-offline` CLI runs under Node 20 without a TypeScript loader; this file
 * types it for services, whose compiler settings then never reach the implementation.
 */
import type {
  BuildOptions,
  BuiltFunction,
  EvaluatedResource,
  EvaluateOptions,
  Evaluation,
  RenderLinkTypesOptions,
} from "./types.ts";

export type {
  BuildOptions,
  BuiltFunction,
  EvaluatedFunction,
  EvaluatedResource,
  EvaluateOptions,
  Evaluation,
  LinkedResource,
  NodeFunctionOptions,
  RenderLinkTypesOptions,
  ResourceOptions,
} from "./types.ts";

/** An evaluation failed: the program's own message, without Pulumi's stack. */
export class EvaluationError extends Error {}

/** The environment variable that points the evaluator at another SST platform install. */
export const PLATFORM_ENV: string;
/** The message when no SST platform is installed (it says what to run). */
export const PLATFORM_NOT_INSTALLED: string;

/** Evaluates the app's `run()` in a child process; rejects with the program's own error message. */
export function evaluate(options: EvaluateOptions): Promise<Evaluation>;

/** Every resource of a type ("aws:lambda/function:Function", "sst:aws:Bucket"...), in URN order. */
export function resourcesOfType(evaluation: Evaluation, type: string): EvaluatedResource[];

/** The resource of `type` named `name`; throws listing what exists when there is none. */
export function resourceNamed(
  evaluation: Evaluation,
  type: string,
  name: string,
): EvaluatedResource;

/** The text of `sst-env.d.ts` for what the app's functions link (or `only` these names). */
export function renderLinkTypes(evaluation: Evaluation, options?: RenderLinkTypesOptions): string;

/**
 * Bundles every function of an evaluation as SST's Node runtime does (esbuild, ESM, minified,
 * the `require` banner, SST's externals) into `<outDir>/<FunctionName>/`. Rejects with esbuild's
 * errors (`file:line:column: text`) when a handler does not bundle.
 */
export function buildFunctions(options: BuildOptions): Promise<BuiltFunction[]>;

/** A function whose handler did not bundle: esbuild's errors, one `file:line:column: text` a line. */
export class BuildError extends Error {
  functionName: string;
  handler: string;
}

/** The readable tree `sst-offline plan` prints. */
export function renderPlan(evaluation: Evaluation): string;
