/**
 * `@acme/runtime`: the app-side conventions of Shipyard services.
 *
 * - `createLogger`: structured JSON logs with redaction and correlation ids.
 * - `createHttpApp`, `validate`, `HttpError`, `toLambdaHandler`: HTTP APIs on Hono with
 *   problem+json errors, request ids and access logs.
 * - `createBatchHandler`: SQS consumers with partial batch failures.
 * - `resource`: typed access to linked SST resources.
 *
 * Each area is also importable on its own: `@acme/runtime/logger`, `@acme/runtime/http`,
 * `@acme/runtime/queue`, `@acme/runtime/resources`, `@acme/runtime/schema`. Test helpers
 * live in `@acme/runtime/testing` and are not exported from here.
 *
 * @packageDocumentation
 */
export * from "./http";
export * from "./logger";
export * from "./queue";
export * from "./resources";
export * from "./schema";
