import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Route } from "./model";

/** A route of the API, parsed from its route key. */
export interface CompiledRoute extends Route {
  method: string;
  /** Path segments; `{name}` and a last `{name+}` are variables. */
  segments: string[];
  greedy: boolean;
  isDefault: boolean;
}

export function compileRoute(route: Route): CompiledRoute {
  if (route.routeKey === "$default") {
    return { ...route, method: "ANY", segments: [], greedy: true, isDefault: true };
  }
  const [method = "ANY", path = "/"] = route.routeKey.split(" ", 2);
  const segments = path.split("/").filter(Boolean);
  const greedy = /^\{[^}]+\+\}$/.test(segments.at(-1) ?? "");
  return { ...route, method: method.toUpperCase(), segments, greedy, isDefault: false };
}

/**
 * The route API Gateway (HTTP API) would choose for `method path`, with its path parameters.
 * Its rules: a full match of route and method first; then the same path with `ANY`; then greedy
 * `{proxy+}` routes, longest prefix first; then `$default`.
 */
export function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  path: string,
): { route: CompiledRoute; pathParameters: Record<string, string> } | undefined {
  const parts = path.split("/").filter(Boolean);
  const candidates: {
    route: CompiledRoute;
    pathParameters: Record<string, string>;
    rank: number[];
  }[] = [];
  for (const route of routes) {
    if (route.method !== "ANY" && route.method !== method) continue;
    if (route.isDefault) {
      candidates.push({ route, pathParameters: {}, rank: [3, 0, 0, 1] });
      continue;
    }
    const params = matchSegments(route, parts);
    if (!params) continue;
    const literal = route.segments.filter((s) => !s.startsWith("{")).length;
    candidates.push({
      route,
      pathParameters: params,
      rank: [
        route.greedy ? 2 : 1,
        -route.segments.length,
        -literal,
        route.method === "ANY" ? 1 : 0,
      ],
    });
  }
  candidates.sort((a, b) => {
    for (let i = 0; i < a.rank.length; i++) {
      const diff = (a.rank[i] ?? 0) - (b.rank[i] ?? 0);
      if (diff !== 0) return diff;
    }
    return 0;
  });
  const best = candidates[0];
  return best && { route: best.route, pathParameters: best.pathParameters };
}

function matchSegments(route: CompiledRoute, parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const fixed = route.greedy ? route.segments.slice(0, -1) : route.segments;
  if (route.greedy ? parts.length <= fixed.length : parts.length !== fixed.length) return undefined;
  for (const [index, segment] of fixed.entries()) {
    const part = parts[index] ?? "";
    const variable = /^\{([^}]+)\}$/.exec(segment);
    if (variable?.[1]) params[variable[1]] = decodeURIComponent(part);
    else if (segment !== part) return undefined;
  }
  if (route.greedy) {
    const name = (route.segments.at(-1) ?? "{proxy+}").slice(1, -2);
    params[name] = parts.slice(fixed.length).map(decodeURIComponent).join("/");
  }
  return params;
}

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|x-www-form-urlencoded|.*\+json|.*\+xml|javascript))/;

/** The API Gateway HTTP API (payload format 2.0) event for a request. */
export function toApiGatewayEvent(
  request: IncomingMessage,
  body: Buffer,
  match: { route: CompiledRoute; pathParameters: Record<string, string> },
): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    if (name === "cookie") {
      cookies.push(...String(value).split(/;\s*/).filter(Boolean));
      continue;
    }
    headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    query[key] = query[key] === undefined ? value : `${query[key]},${value}`;
  }
  const contentType = headers["content-type"] ?? "";
  const isText = body.length === 0 || TEXT_TYPES.test(contentType);
  const now = new Date();
  const routeKey = match.route.routeKey;
  return {
    version: "2.0",
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.pathParameters).length ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: (headers.host ?? "localhost").split(".")[0] ?? "localhost",
      http: {
        method: request.method ?? "GET",
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey,
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length ? { body: isText ? body.toString("utf8") : body.toString("base64") } : {}),
    isBase64Encoded: !isText,
  };
}

/**
 * Writes a Lambda result as API Gateway (payload 2.0) would: `statusCode`, `headers`, `cookies`,
 * `body` (base64-decoded when `isBase64Encoded`); a result without `statusCode` is sent as JSON
 * with 200.
 */
export function writeLambdaResult(response: ServerResponse, result: unknown): void {
  const structured =
    result !== null && typeof result === "object" && "statusCode" in result
      ? (result as {
          statusCode: number;
          headers?: Record<string, string | number | boolean>;
          cookies?: string[];
          body?: string;
          isBase64Encoded?: boolean;
        })
      : undefined;
  if (!structured) {
    const body = typeof result === "string" ? result : JSON.stringify(result ?? null);
    response.writeHead(200, { "content-type": "application/json" });
    response.end(body);
    return;
  }
  for (const [name, value] of Object.entries(structured.headers ?? {})) {
    response.setHeader(name, String(value));
  }
  if (structured.cookies?.length) response.setHeader("set-cookie", structured.cookies);
  response.statusCode = structured.statusCode;
  const body = structured.body ?? "";
  response.end(structured.isBase64Encoded ? Buffer.from(body, "base64") : body);
}

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

export function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  response.writeHead(status, { "content-type": "application/json" });
  response.end(text);
}
