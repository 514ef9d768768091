#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-send <json> [--queue <Name>]`: the same as `shipyard-serve send <json>`, from the same
 * compiled copy of the TypeScript CLI (@acme/compiled).
 */
import { createRequire } from "node:module";

/** @type {typeof import("../src/cli.ts")} */
const { main } = createRequire(import.meta.url)("@acme/compiled").loadCompiled(
  import.meta.dirname,
  "src/cli.ts",
  "cli",
);
try {
  await main(["send", ...process.argv.slice(2)]);
} catch (error) {
  console.error(`shipyard-send: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
