#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-sst <command> [args]`: SST for one service (src/sst-wrapper/cli.mts). Node 20 cannot
 * run TypeScript, so this registers tsx's loader first.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/sst-wrapper/cli.mjs");
main(process.argv.slice(2), process.env, dirname(fileURLToPath(import.meta.url)));
