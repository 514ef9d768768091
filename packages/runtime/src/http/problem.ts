/**
 * Node's reason phrases, from `node:http`, loaded on the first problem rather than at import:
 * importing `node:http` loads Node's whole HTTP stack, a few milliseconds of every cold start
 * (bench/handler-cold-start.mts) for one table. `getBuiltinModule` works in ESM and CommonJS
 * bundles alike.
 */
let reasonPhrases: Record<number, string | undefined> | undefined;

/** The media type of every error response: RFC 9457 problem details. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/**
 * An RFC 9457 problem details document, as returned for every error. `requestId` and any other
 * member are extensions.
 */
export interface ProblemDetails {
  /** A URI identifying the problem type; `"about:blank"` when the status says it all. */
  type: string;
  /** Short summary of the problem type; the HTTP reason phrase for `"about:blank"`. */
  title: string;
  /** The HTTP status code. */
  status: number;
  /** Explanation specific to this occurrence, safe to show to the caller. */
  detail?: string;
  /** The request path the problem occurred on. */
  instance?: string;
  /** The request id, also sent as the `x-request-id` response header. */
  requestId?: string;
  /** Extension members. */
  [member: string]: unknown;
}

/** Options of {@link HttpError}. */
export interface HttpErrorOptions {
  /** Short summary of the problem type. @default the HTTP reason phrase, e.g. `"Not Found"` */
  title?: string;
  /** Explanation specific to this occurrence. It is sent to the caller: keep secrets out. */
  detail?: string;
  /** A URI identifying the problem type. @default `"about:blank"` */
  type?: string;
  /** Extension members added to the problem document, e.g. `{ orderId: "42" }`. */
  members?: Record<string, unknown>;
  /** Extra response headers, e.g. `{ "retry-after": "30" }`. */
  headers?: Record<string, string>;
  /** The underlying error, logged but never sent. */
  cause?: unknown;
}

/** Member names of a problem document that extension members cannot overwrite. */
const RESERVED_MEMBERS = new Set(["type", "title", "status", "detail", "instance", "requestId"]);

/** The HTTP reason phrase of a status code, e.g. `404` gives `"Not Found"`. */
export function statusTitle(status: number): string {
  reasonPhrases ??= process.getBuiltinModule("node:http").STATUS_CODES;
  return reasonPhrases[status] ?? "Error";
}

/**
 * An error a handler throws to answer with a specific status. It is rendered as-is as an
 * `application/problem+json` response, so its `title`, `detail` and `members` must be safe to
 * show to the caller.
 *
 * @example
 * ```ts
 * import { HttpError } from "@acme/runtime";
 *
 * app.get("/orders/:id", async (c) => {
 *   const order = await findOrder(c.req.param("id"));
 *   if (!order) {
 *     throw new HttpError(404, {
 *       detail: `Order ${c.req.param("id")} does not exist`,
 *       members: { orderId: c.req.param("id") },
 *     });
 *   }
 *   return c.json(order);
 * });
 * ```
 */
export class HttpError extends Error {
  /** The HTTP status, 400 to 599. */
  readonly status: number;
  /** Short summary of the problem type. */
  readonly title: string;
  /** Explanation specific to this occurrence. */
  readonly detail: string | undefined;
  /** A URI identifying the problem type. */
  readonly type: string;
  /** Extension members of the problem document. */
  readonly members: Readonly<Record<string, unknown>>;
  /** Extra response headers. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, options: HttpErrorOptions = {}) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`HttpError status must be an integer from 400 to 599, got ${status}`);
    }
    const title = options.title ?? statusTitle(status);
    super(options.detail ?? title, options.cause === undefined ? {} : { cause: options.cause });
    this.name = "HttpError";
    this.status = status;
    this.title = title;
    this.detail = options.detail;
    this.type = options.type ?? "about:blank";
    this.members = options.members ?? {};
    this.headers = options.headers ?? {};
  }
}

/** Build a problem document; extension members never overwrite the standard ones. */
export function toProblem(
  base: Pick<ProblemDetails, "status"> & Partial<ProblemDetails>,
  members: Readonly<Record<string, unknown>> = {},
): ProblemDetails {
  const problem: ProblemDetails = {
    type: base.type ?? "about:blank",
    title: base.title ?? statusTitle(base.status),
    status: base.status,
  };
  if (base.detail !== undefined) problem.detail = base.detail;
  if (base.instance !== undefined) problem.instance = base.instance;
  if (base.requestId !== undefined) problem.requestId = base.requestId;
  for (const [name, value] of Object.entries(members)) {
    if (!RESERVED_MEMBERS.has(name)) problem[name] = value;
  }
  return problem;
}

/** Render a problem document as an `application/problem+json` response. */
export function problemResponse(
  problem: ProblemDetails,
  headers: Readonly<Record<string, string>> = {},
): Response {
  const responseHeaders = new Headers(headers);
  responseHeaders.set("content-type", PROBLEM_CONTENT_TYPE);
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: responseHeaders,
  });
}
