// @ts-check
/**
 * @acme/sst-offline: evaluate one service's `sst.config.ts` `run()` offline, under Pulumi mocks,
 * with SST's own component code, and query every resource it creates. Typed by `index.d.ts`.
 */

export { BuildError, buildFunctions } from "./build.mjs";
export { EvaluationError, evaluate } from "./evaluate.mjs";
export { renderLinkTypes } from "./link-types.mjs";
export { renderPlan } from "./plan.mjs";
export { PLATFORM_ENV, PLATFORM_NOT_INSTALLED } from "./platform.mjs";
export { resourceNamed, resourcesOfType } from "./query.mjs";
