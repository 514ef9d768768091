#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-check`: the platform's metadata rules for a service folder (bin/platform-check.mts).
 * Node 20 cannot run TypeScript, so this runs a compiled copy of the module, kept under a hash of
 * its sources and rebuilt when one changes (@acme/compiled).
 */
import { createRequire } from "node:module";

/** @type {typeof import("./platform-check.mts")} */
const { main } = createRequire(import.meta.url)("@acme/compiled").loadCompiled(
  import.meta.dirname,
  "bin/platform-check.mts",
  "platform-check",
);
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`shipyard-check: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
