import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** Options of {@link apiGatewayV2Event}. */
export interface ApiGatewayV2EventOptions {
  /** @default `"GET"` */
  method?: string;
  /** Path, with an optional query string: `"/orders?limit=10"`. @default `"/"` */
  path?: string;
  /** Request headers; names are lower-cased as API Gateway does. */
  headers?: Record<string, string>;
  /** Request body; objects are sent as JSON. */
  body?: string | object;
  /** Send the body base64-encoded, as API Gateway does for binary content. */
  base64?: boolean;
  /** Cookies, sent in `cookies` as API Gateway v2 does (not in a `cookie` header). */
  cookies?: string[];
  /** The API Gateway request id. */
  requestId?: string;
}

/**
 * An API Gateway HTTP API (payload format 2.0) event, also the shape of Lambda function URL
 * events, for testing Lambda handlers end to end.
 *
 * @example
 * ```ts
 * const event = apiGatewayV2Event({ method: "POST", path: "/orders", body: { sku: "A1" } });
 * const result = await handler(event, lambdaContext());
 * ```
 */
export function apiGatewayV2Event(options: ApiGatewayV2EventOptions = {}): APIGatewayProxyEventV2 {
  const method = (options.method ?? "GET").toUpperCase();
  const [rawPath = "/", rawQueryString = ""] = (options.path ?? "/").split("?", 2);
  const headers: Record<string, string> = {
    host: "abc123.execute-api.us-east-1.amazonaws.com",
    "user-agent": "vitest",
    "x-forwarded-for": "203.0.113.7",
    "x-forwarded-proto": "https",
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (typeof options.body !== "string") headers["content-type"] ??= "application/json";
    if (options.base64) body = Buffer.from(body).toString("base64");
  }
  const queryStringParameters = Object.fromEntries(new URLSearchParams(rawQueryString));
  const now = Date.now();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath,
    rawQueryString,
    ...(options.cookies ? { cookies: options.cookies } : {}),
    headers,
    ...(rawQueryString ? { queryStringParameters } : {}),
    requestContext: {
      accountId: "123456789012",
      apiId: "abc123",
      domainName: "abc123.execute-api.us-east-1.amazonaws.com",
      domainPrefix: "abc123",
      http: {
        method,
        path: rawPath,
        protocol: "HTTP/1.1",
        sourceIp: "203.0.113.7",
        userAgent: "vitest",
      },
      requestId: options.requestId ?? "JKJaXmPLvHcESHA=",
      routeKey: "$default",
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: options.base64 ?? false,
  };
}
