#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-policy`: the platform's rules on a service's evaluated infra (see packages/policy).
 * Node 20 cannot run TypeScript bins, so this registers tsx's loader and then runs the TypeScript CLI.
 */
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(`shipyard-policy: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
