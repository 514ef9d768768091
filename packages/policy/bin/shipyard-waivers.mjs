#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-waivers`: every policy waiver in the workspace (see packages/policy). A thin launcher:
 * registers tsx's loader and runs the TypeScript CLI.
 */
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/waivers-cli.ts");
try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(`shipyard-waivers: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
