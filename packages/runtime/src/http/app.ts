import { Hono } from "hono";
import { toError } from "../errors/thrown";
import { createLogger, type Logger } from "../logger";
import { AllowedMethods } from "./allowed-methods";
import { renderError } from "./errors";
import { problemResponse, toProblem } from "./problem";
import { REQUEST_ID_HEADER, resolveRequestId } from "./request-id";
import type { HttpApp, HttpEnv } from "./types";

/** The path of the health check every app answers. */
export const HEALTH_PATH = "/health";

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  /** Name of the service, logged and returned by the health check. */
  service: string;
  /** The service logger. @default `createLogger({ service })` */
  logger?: Logger;
}

/**
 * Create the service's HTTP app: a Hono app with the platform conventions already wired.
 *
 * - a request id per request (the caller's `x-request-id` when safe, else the Lambda request id,
 *   else a UUID), echoed as `x-request-id` and bound to `c.var.logger`;
 * - one access log line per request: `method`, `path`, `status`, `durationMs`;
 * - every error as RFC 9457 `application/problem+json`; unexpected errors become a 500 that
 *   tells nothing of the cause, which is logged with its stack;
 * - 404 for unknown paths, 405 with an `Allow` header for known paths and other methods;
 * - `GET /health` answering `{ status: "ok", service }`.
 *
 * @example
 * ```ts
 * import { createHttpApp, HttpError, toLambdaHandler, validate } from "@acme/runtime";
 * import * as v from "valibot";
 *
 * const app = createHttpApp({ service: "orders" });
 *
 * app.post("/orders", validate("json", v.object({ sku: v.string() })), async (c) => {
 *   const { sku } = c.req.valid("json");
 *   c.var.logger.info("creating order", { sku });
 *   return c.json({ id: "42", sku }, 201);
 * });
 *
 * export const handler = toLambdaHandler(app);
 * ```
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const { service } = options;
  const baseLogger = options.logger ?? createLogger({ service });
  const app = new Hono<HttpEnv>();
  const allowedMethods = new AllowedMethods(app.routes);

  app.use(async (c, next) => {
    const start = performance.now();
    const requestId = resolveRequestId(
      c.req.header(REQUEST_ID_HEADER),
      c.env?.lambdaContext?.awsRequestId,
    );
    const logger = baseLogger.withContext({ requestId });
    c.set("requestId", requestId);
    c.set("logger", logger);

    try {
      await next();
    } catch (thrown) {
      // Hono hands only Errors to onError and rethrows anything else to the caller (Lambda).
      c.res = await renderError(toError(thrown), c, baseLogger);
    }

    c.header(REQUEST_ID_HEADER, requestId);
    const access = {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Math.round((performance.now() - start) * 100) / 100,
    };
    if (c.req.path === HEALTH_PATH) logger.debug("request completed", access);
    else logger.info("request completed", access);
  });

  app.get(HEALTH_PATH, (c) => c.json({ status: "ok", service }));

  app.notFound((c) => {
    const context = { instance: c.req.path, requestId: c.var.requestId };
    const allow = allowedMethods.for(c.req.path);
    if (allow.length === 0) {
      return problemResponse(
        toProblem({ ...context, status: 404, detail: `No route matches ${c.req.path}` }),
      );
    }
    return problemResponse(
      toProblem({
        ...context,
        status: 405,
        detail: `${c.req.method} is not allowed on ${c.req.path}; allowed: ${allow.join(", ")}`,
      }),
      { allow: allow.join(", ") },
    );
  });

  app.onError((error, c) => renderError(error, c, baseLogger));

  return app;
}
