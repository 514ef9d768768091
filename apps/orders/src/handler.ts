import { toLambdaHandler } from "@acme/runtime";
import { connectPostgres } from "@acme/runtime/postgres";
import { createApp } from "./app";
import type { Database } from "./database";

/**
 * The app with its linked resources. Made once per Lambda container: nothing connects until the
 * first request, and later requests reuse the connection.
 */
export const app = createApp({
  db: connectPostgres<Database>("Database"),
});

/** The Lambda handler behind every API Gateway route (infra/index.ts). */
export const handler = toLambdaHandler(app);
