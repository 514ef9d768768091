export { applyConventions, type ConventionOptions } from "./conventions";
export type { ServiceContext } from "./conventions/context";
export { defaults } from "./conventions/defaults";
export { lambdaOnlyTrustPolicy } from "./conventions/function";
export { serviceTags } from "@acme/contract";
