#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-ci`: the pipeline's decisions (tools/ci/README.md). Node 20 cannot run TypeScript
 * bins, so this registers tsx's loader and then runs the TypeScript CLI.
 */
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`shipyard-ci: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
