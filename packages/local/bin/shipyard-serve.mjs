#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-serve`: runs one service locally (see packages/local/README.md). Node 20 cannot run
 * TypeScript, so this runs a compiled copy of the TypeScript CLI, kept under a hash of its sources
 * and rebuilt when one changes (@acme/compiled). The handlers run in processes of their own, under
 * tsx (src/functions.ts): they are the service's TypeScript.
 */
import { createRequire } from "node:module";

/** @type {typeof import("../src/cli.ts")} */
const { main } = createRequire(import.meta.url)("@acme/compiled").loadCompiled(
  import.meta.dirname,
  "src/cli.ts",
  "cli",
);
try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(`shipyard-serve: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
