#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-cache-server`: Nx's self-hosted remote cache, over S3 or a folder (tools/ci/README.md).
 * A thin launcher of a compiled copy of the TypeScript server (@acme/compiled).
 */
import { createRequire } from "node:module";

/** @type {typeof import("../src/cache/main.ts")} */
const { main } = createRequire(import.meta.url)("@acme/compiled").loadCompiled(
  import.meta.dirname,
  "src/cache/main.ts",
  "cache-server",
);
try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(`shipyard-cache-server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
