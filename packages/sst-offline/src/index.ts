/**
 * @acme/sst-offline: evaluate one service's `sst.config.ts` `run()` offline, under Pulumi mocks,
 * with SST's own component code, and query every resource it creates.
 */

export { BuildError, buildFunctions } from "./build.js";
export {
  EvaluationError,
  evaluate,
  evaluateAndKeep,
  type KeepPolicy,
  type KeptEvaluation,
} from "./evaluate.js";
export {
  type BatchOutcome,
  type BatchResult,
  type EvaluateBatchOptions,
  evaluateBatch,
} from "./evaluate-batch.js";
export { renderLinkTypes } from "./link-types.js";
export { relocateLocations } from "./locations.js";
export { renderPlan } from "./plan.js";
export { PLATFORM_ENV, PLATFORM_NOT_INSTALLED } from "./platform.js";
export { resourceNamed, resourcesOfType } from "./query.js";
export { unsetSecret } from "./secrets.js";
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
} from "./types.js";
