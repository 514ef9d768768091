export { checkEvaluation } from "./check";
export { renderReport } from "./report";
export { RULE_IDS, RULES } from "./rules";
export { RUNTIME_DEPRECATION } from "./rules/functions";
export { DATA_RESOURCE_TYPES } from "./rules/retention";
export {
  type CheckServiceOptions,
  checkEvaluations,
  checkService,
  DEFAULT_STAGES,
  type PolicyReport,
  passed,
} from "./service";
export { taggableTypes } from "./taggable";
export type { Finding, PolicyContext, Rule, Violation } from "./types";
export { type RecordedWaiver, readWaivers, type Waiver, WAIVERS_FILE } from "./waivers";
export { workspaceWaivers } from "./waivers-cli";
