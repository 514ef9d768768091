#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-sst <command> [args]`: SST for one service (src/sst-wrapper/cli.mts).
 */
import { createRequire } from "node:module";

/** @type {typeof import("../src/sst-wrapper/cli.mjs")} */
const { main } = createRequire(import.meta.url)("@acme/compiled").loadCompiled(
  import.meta.dirname,
  "src/sst-wrapper/cli.mts",
  "sst",
);
main(process.argv.slice(2), process.env, import.meta.dirname);
