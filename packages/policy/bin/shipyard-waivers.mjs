#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-waivers`: every policy waiver in the workspace (see packages/policy). A thin launcher
 * of a compiled copy of the TypeScript CLI (@acme/compiled).
 */
import { createRequire } from "node:module";

/** @type {typeof import("../src/waivers-cli.ts")} */
const { main } = createRequire(import.meta.url)("@acme/compiled").loadCompiled(
  import.meta.dirname,
  "src/waivers-cli.ts",
  "waivers-cli",
);
try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`shipyard-waivers: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
