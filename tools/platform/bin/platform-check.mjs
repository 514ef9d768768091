#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-check`: the platform's metadata rules for a service folder (bin/platform-check.mts).
 * Node 20 cannot run TypeScript bins, so this registers tsx's loader and then runs the module.
 */
import { register } from "tsx/esm/api";

register();
const { main } = await import("./platform-check.mts");
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`shipyard-check: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
