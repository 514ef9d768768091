import type { Hono } from "hono";
import type { LambdaContext, LambdaEvent } from "hono/aws-lambda";
import type { Logger } from "../logger";

/** Per-request values set by {@link createHttpApp}, read with `c.var.logger` / `c.var.requestId`. */
export interface HttpVariables {
  /** A child of the service logger that writes `requestId` on every line. */
  logger: Logger;
  /** The request id, also sent as the `x-request-id` response header. */
  requestId: string;
}

/** What `hono/aws-lambda` passes as `c.env` on Lambda; absent elsewhere (tests, local server). */
export interface LambdaBindings {
  event?: LambdaEvent;
  lambdaContext?: LambdaContext;
  requestContext?: unknown;
}

/** The Hono environment of apps made by {@link createHttpApp}. */
export interface HttpEnv {
  Variables: HttpVariables;
  Bindings: LambdaBindings;
}

/** A Hono app made by {@link createHttpApp}. */
export type HttpApp = Hono<HttpEnv>;
