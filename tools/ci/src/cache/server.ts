import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { type AccessRule, ruleFor } from "./access.ts";
import { type CacheStorage, LengthMismatchError } from "./storage.ts";

/**
 * Nx's self-hosted remote cache protocol (the OpenAPI specification Nx publishes for
 * NX_SELF_HOSTED_REMOTE_CACHE_SERVER, Nx 20.8+):
 *
 * - `PUT /v1/cache/{hash}`, bearer token, `Content-Length`, body application/octet-stream (a tar):
 *   200 stored, 401 missing or invalid token, 403 token may not write, 409 an entry exists.
 * - `GET /v1/cache/{hash}`, bearer token: 200 with the bytes, 403 forbidden, 404 no entry.
 *
 * Entries are stored as `<namespace>/<hash>`; each token reads and writes the namespaces its
 * {@link AccessRule} names, so pull requests cannot write what main reads.
 */
export interface CacheServerOptions {
  storage: CacheStorage;
  access: AccessRule[];
  /** Largest entry accepted, in bytes. */
  maxEntryBytes?: number;
  log?: (line: string) => void;
}

const ROUTE = /^\/v1\/cache\/([A-Za-z0-9_-]{1,128})$/;

export function createCacheServer(options: CacheServerOptions): Server {
  const log = options.log ?? (() => {});
  return createServer((request, response) => {
    handle(request, response, options).catch((error: unknown) => {
      log(
        `error ${request.method} ${request.url}: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!response.headersSent)
        text(response, 500, "The cache server failed; the task runs without it.");
      else response.destroy();
    });
  });
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: CacheServerOptions,
): Promise<void> {
  const log = options.log ?? (() => {});
  const hash = ROUTE.exec(request.url ?? "")?.[1];
  if (hash === undefined)
    return text(response, 404, "Not an Nx cache route: use /v1/cache/<hash>.");
  const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? "")?.[1];
  const rule = ruleFor(options.access, bearer);
  if (!rule)
    return text(
      response,
      401,
      "Missing or invalid cache token (NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN).",
    );

  if (request.method === "GET") {
    for (const namespace of rule.read) {
      const body = await options.storage.get(`${namespace}/${hash}`);
      if (body) {
        log(`hit ${rule.name} ${namespace}/${hash}`);
        response.writeHead(200, { "content-type": "application/octet-stream" });
        await pipeline(body, response);
        return;
      }
    }
    log(`miss ${rule.name} ${hash}`);
    response.writeHead(404).end();
    return;
  }

  if (request.method === "PUT") {
    if (!rule.write) return text(response, 403, `The token "${rule.name}" is read-only.`);
    const length = Number(request.headers["content-length"]);
    if (!Number.isSafeInteger(length) || length < 0)
      return text(response, 411, "Content-Length is required.");
    if (length > (options.maxEntryBytes ?? 2 * 1024 ** 3))
      return text(response, 413, "The entry is too large.");
    try {
      const outcome = await options.storage.putIfAbsent(`${rule.write}/${hash}`, request, length);
      log(`${outcome} ${rule.name} ${rule.write}/${hash} ${length} bytes`);
      if (outcome === "exists") return void response.writeHead(409).end();
      return void response.writeHead(200).end();
    } catch (error) {
      if (error instanceof LengthMismatchError)
        return text(response, 400, `Incomplete upload: ${error.message}.`);
      throw error;
    }
  }

  response.writeHead(405, { allow: "GET, PUT" }).end();
}

function text(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8" }).end(message);
}
