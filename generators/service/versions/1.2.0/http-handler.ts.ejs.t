---
to: "<%= kind === 'http' ? `apps/${name}/src/handler.ts` : null %>"
---
import { toLambdaHandler } from "@<%= org %>/runtime";
<%_ if (database === "postgres") { _%>
import { connectPostgres } from "@<%= org %>/runtime/postgres";
<%_ } _%>
<%_ if (bucket) { _%>
import { bucket } from "@<%= org %>/runtime/s3";
<%_ } _%>
import { createApp } from "./app";
<%_ if (database === "postgres") { _%>
import type { Database } from "./database";
<%_ } _%>

/**
 * The app with its linked resources. Made once per Lambda container: nothing connects until the
 * first request, and later requests reuse the connection.
 */
<%_ if (links.length > 0) { _%>
export const app = createApp({
<%_ if (database === "postgres") { _%>
  db: connectPostgres<Database>("Database"),
<%_ } _%>
<%_ if (bucket) { _%>
  files: bucket("Bucket"),
<%_ } _%>
});
<%_ } else { _%>
export const app = createApp();
<%_ } _%>

/** The Lambda handler behind every API Gateway route (infra/index.ts). */
export const handler = toLambdaHandler(app);
