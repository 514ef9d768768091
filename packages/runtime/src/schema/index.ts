export { toValidationIssues, type ValidationIssue } from "./issues";
