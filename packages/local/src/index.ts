/**
 * `@acme/local`: run one Shipyard service locally with no AWS and no internet.
 * The `shipyard-serve` bin (`nx serve <service>`) wraps {@link serve}.
 *
 * @packageDocumentation
 */
export { type Evaluation, modelFromEvaluation } from "./evaluation";
export { compileRoute, matchRoute } from "./http";
export {
  loadModel,
  modelFromAnswers,
  type ServiceModel,
  TEMPLATE_CONVENTIONS,
} from "./model";
export { isPortFree, PortInUseError } from "./ports";
export { parseSchedule, type Schedule } from "@acme/contract";
export { type CronRun, type RunningService, type ServeOptions, serve } from "./serve";
export { watchedFolders } from "./watcher";
