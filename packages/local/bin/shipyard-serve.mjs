#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-serve`: runs one service locally (see packages/local/README.md). Node 20 cannot run
 * TypeScript bins, so this registers tsx's loader and then runs the TypeScript CLI.
 */
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(`shipyard-serve: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
