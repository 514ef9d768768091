#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-ci`: the pipeline's decisions (tools/ci/README.md). Node 20 cannot run TypeScript, so
 * this runs a compiled copy of the TypeScript CLI, kept under a hash of its sources and rebuilt
 * when one changes (@acme/compiled).
 */
import { createRequire } from "node:module";

/** @type {typeof import("../src/cli.ts")} */
const { main } = createRequire(import.meta.url)("@acme/compiled").loadCompiled(
  import.meta.dirname,
  "src/cli.ts",
  "cli",
);
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`shipyard-ci: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
