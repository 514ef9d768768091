#!/usr/bin/env node
// @ts-check
/** `shipyard-send <json> [--queue <Name>]`: the same as `shipyard-serve send <json>`. */
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
try {
  await main(["send", ...process.argv.slice(2)]);
} catch (error) {
  console.error(`shipyard-send: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
