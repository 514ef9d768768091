import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { toError } from "../errors/thrown";
import type { Logger } from "../logger";
import { HttpError, type ProblemDetails, problemResponse, toProblem } from "./problem";
import type { HttpEnv } from "./types";

/** The `detail` of every unexpected error: the cause is logged, never sent. */
export const INTERNAL_ERROR_DETAIL =
  "An unexpected error occurred. Quote the request id when reporting it.";

/** Headers of an HTTPException's own response worth keeping (e.g. `www-authenticate`). */
function passThroughHeaders(response: Response | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  response?.headers.forEach((value, name) => {
    if (name !== "content-type" && name !== "content-length") headers[name] = value;
  });
  return headers;
}

/**
 * Whether `error` comes from parsing a request body that is not JSON, as thrown by
 * `await c.req.json()` in a handler. Hono caches the body text, so it can be checked again.
 */
async function isMalformedJsonBody(c: Context<HttpEnv>, error: unknown): Promise<boolean> {
  const text = c.req.bodyCache.text;
  if (!(error instanceof SyntaxError) || !text) return false;
  try {
    JSON.parse(await text);
    return false;
  } catch {
    return true;
  }
}

/**
 * Render any error thrown while handling a request as `application/problem+json`:
 * {@link HttpError} as-is, Hono's `HTTPException` with its status (and its message for 4xx),
 * a body that is not JSON as 400, anything else as a 500 whose cause is logged with its stack
 * and never sent.
 */
export async function renderError(
  error: unknown,
  c: Context<HttpEnv>,
  fallbackLogger: Logger,
): Promise<Response> {
  const logger = c.get("logger") ?? fallbackLogger;
  const context: Partial<ProblemDetails> = { instance: c.req.path };
  const requestId = c.get("requestId");
  if (requestId) context.requestId = requestId;

  if (error instanceof HttpError) {
    if (error.status >= 500) logger.error("request failed", error);
    const problem = toProblem(
      {
        ...context,
        status: error.status,
        title: error.title,
        type: error.type,
        ...(error.detail === undefined ? {} : { detail: error.detail }),
      },
      error.members,
    );
    return problemResponse(problem, error.headers);
  }

  if (error instanceof HTTPException) {
    const status = error.status;
    const exposeMessage = status < 500 && error.message !== "";
    if (status >= 500) logger.error("request failed", error);
    const problem = toProblem({
      ...context,
      status,
      ...(exposeMessage ? { detail: error.message } : {}),
      ...(status >= 500 ? { detail: INTERNAL_ERROR_DETAIL } : {}),
    });
    return problemResponse(problem, passThroughHeaders(error.res));
  }

  if (await isMalformedJsonBody(c, error)) {
    return problemResponse(
      toProblem({ ...context, status: 400, detail: "Malformed JSON in request body" }),
    );
  }

  logger.error("unhandled error", toError(error));
  return problemResponse(toProblem({ ...context, status: 500, detail: INTERNAL_ERROR_DETAIL }));
}
