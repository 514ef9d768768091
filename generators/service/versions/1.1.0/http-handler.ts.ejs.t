---
to: "<%= kind === 'http' ? `apps/${name}/src/handler.ts` : null %>"
---
import { toLambdaHandler } from "@<%= org %>/runtime";
import { app } from "./app";

/** The Lambda handler behind every API Gateway route (infra/index.ts). */
export const handler = toLambdaHandler(app);
