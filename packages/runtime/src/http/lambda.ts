import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { handle, type LambdaEvent } from "hono/aws-lambda";
import type { HttpApp } from "./types";

/**
 * A Lambda handler for API Gateway HTTP API (payload format 2.0) and function URL events, typed
 * with `@types/aws-lambda` so it fits SST's handlers.
 */
export type HttpLambdaHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Turn an app into a Lambda handler for API Gateway HTTP APIs (payload format 2.0) and Lambda
 * function URLs, using `handle` from `hono/aws-lambda`. On Lambda the request id defaults to the
 * invocation's `awsRequestId`.
 *
 * @example
 * ```ts title="services/orders/src/api.ts"
 * import { createHttpApp, toLambdaHandler } from "@acme/runtime";
 *
 * const app = createHttpApp({ service: "orders" });
 * app.get("/orders", (c) => c.json([]));
 *
 * export const handler = toLambdaHandler(app);
 * ```
 */
export function toLambdaHandler(app: HttpApp): HttpLambdaHandler {
  const handler = handle(app);
  return async (event, context) => {
    // Hono's own event types differ from @types/aws-lambda in details (`body: string | null`,
    // required `authorizer`) that its adapter does not rely on.
    const result = await handler(event as unknown as LambdaEvent, context);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) {
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
    return {
      statusCode: result.statusCode,
      headers,
      body: result.body,
      isBase64Encoded: result.isBase64Encoded,
      ...(result.cookies ? { cookies: result.cookies } : {}),
    };
  };
}
