#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-sst <command> [args]`: SST for one service (src/sst-wrapper/cli.mts).
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { loadTypeScript } from "./load-typescript.mjs";

/** @type {typeof import("../src/sst-wrapper/cli.mjs")} */
const { main } = loadTypeScript("../src/sst-wrapper/cli.mts");
main(process.argv.slice(2), process.env, dirname(fileURLToPath(import.meta.url)));
