import { toLambdaHandler } from "@acme/runtime";
import { app } from "./app";

/** The Lambda handler behind every API Gateway route (infra/index.ts). */
export const handler = toLambdaHandler(app);
