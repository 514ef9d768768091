import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { parseAccessRules } from "./access.ts";
import { FileStorage } from "./file-storage.ts";
import { S3Storage } from "./s3-storage.ts";
import { createCacheServer } from "./server.ts";
import type { CacheStorage } from "./storage.ts";

const USAGE = `Usage: shipyard-cache-server --storage <s3://bucket/prefix | file:///folder> [--port <n>] [--host <h>] [--access <rules.json>]
The access rules (JSON) come from --access or the SHIPYARD_CACHE_ACCESS environment variable.`;

/** `shipyard-cache-server`: serves Nx's remote cache protocol until stopped. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      storage: { type: "string" },
      port: { type: "string", default: "3030" },
      host: { type: "string", default: "0.0.0.0" },
      access: { type: "string" },
    },
  });
  if (!values.storage) throw new Error(`--storage is required.\n${USAGE}`);
  const accessJson = values.access
    ? readFileSync(values.access, "utf8")
    : process.env.SHIPYARD_CACHE_ACCESS;
  if (!accessJson)
    throw new Error(
      `No access rules: pass --access <file> or set SHIPYARD_CACHE_ACCESS.\n${USAGE}`,
    );
  const server = createCacheServer({
    storage: storageFor(values.storage),
    access: parseAccessRules(accessJson),
    log: (line) => console.log(line),
  });
  await new Promise<void>((resolve) => server.listen(Number(values.port), values.host, resolve));
  const { port } = server.address() as AddressInfo;
  console.log(`Nx remote cache listening on http://${values.host}:${port}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => server.close());
}

export function storageFor(location: string): CacheStorage {
  const url = new URL(location);
  if (url.protocol === "s3:") return new S3Storage(url.hostname, url.pathname.replace(/^\//, ""));
  if (url.protocol === "file:") return new FileStorage(url.pathname);
  throw new Error(`Unknown storage "${location}": use s3://<bucket>/<prefix> or file:///<folder>.`);
}
