import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { InvocationError } from "./functions";
import {
  type CompiledRoute,
  compileRoute,
  matchRoute,
  readBody,
  sendJson,
  toApiGatewayEvent,
  writeLambdaResult,
} from "./http";
import type { Route } from "./model";
import { listenFrom } from "./ports";
import { closeServer } from "./resources/close-server";

/** What answers a request that is not a control request: the service's routes. */
export interface ServiceRequestHandlers {
  /** Serve's control endpoints; resolves false when the request is not theirs. */
  control: (request: IncomingMessage, response: ServerResponse, body: Buffer) => Promise<boolean>;
  routes: readonly Route[];
  /** What a path no route matched is told instead of API Gateway's bare 404, if anything. */
  notFound?: (path: string) => Record<string, unknown> | undefined;
  invoke: (functionId: string, event: unknown) => Promise<{ value: unknown }>;
  log: (line: string) => void;
}

export interface ServiceServer {
  port: number;
  /** Starts answering with the service (until then: 503 with Retry-After). */
  serve(handlers: ServiceRequestHandlers): void;
  stop(): Promise<void>;
}

/**
 * The service's endpoint. Its port is taken first (the links carry it) and the handlers load
 * after: a request that arrives in between gets a 503 to retry instead of a connection that never
 * answers.
 */
export async function listenForService(
  preferredPort: number,
  host: string,
  options: { exact?: boolean } = {},
): Promise<ServiceServer> {
  const server: Server = createServer();
  const whileStarting = (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
    response.end(JSON.stringify({ message: "The service is starting; try again in a moment." }));
  };
  server.on("request", whileStarting);
  const port = await listenFrom(server, preferredPort, host, options);
  return {
    port,
    serve(handlers) {
      const routes = handlers.routes.map(compileRoute);
      server.off("request", whileStarting);
      server.on("request", (request: IncomingMessage, response: ServerResponse) => {
        answer(handlers, routes, request, response).catch((error) => {
          handlers.log(`✗ ${request.method} ${request.url}: ${String(error)}`);
          if (!response.headersSent) sendJson(response, 500, { message: "Internal Server Error" });
          else response.end();
        });
      });
    },
    stop: () => closeServer(server),
  };
}

async function answer(
  handlers: ServiceRequestHandlers,
  routes: readonly CompiledRoute[],
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request);
  if (await handlers.control(request, response, body)) return;
  const method = request.method ?? "GET";
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  const match = matchRoute(routes, method, path);
  if (!match) {
    sendJson(response, 404, handlers.notFound?.(path) ?? { message: "Not Found" });
    return;
  }
  try {
    const { value } = await handlers.invoke(
      match.route.functionId,
      toApiGatewayEvent(request, body, match),
    );
    writeLambdaResult(response, value);
  } catch (error) {
    handlers.log(
      `✗ ${method} ${path} → ${match.route.functionId}: ${error instanceof InvocationError ? (error.stackText ?? error.message) : String(error)}`,
    );
    // What API Gateway answers when the integration fails.
    sendJson(response, 500, { message: "Internal Server Error" });
  }
}
