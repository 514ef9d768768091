#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-cache-server`: Nx's self-hosted remote cache, over S3 or a folder (tools/ci/README.md).
 * Node 20 cannot run TypeScript bins, so this registers tsx's loader and then runs the server.
 */
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cache/main.ts");
try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(`shipyard-cache-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
