export * from "./plan/costs.ts";
export * from "./plan/deploy-order.ts";
export * from "./plan/plan.ts";
export * from "./plan/preview-comment.ts";
export * from "./plan/run-plan.ts";
export * from "./plan/shards.ts";
export * from "./workflows/lint.ts";
