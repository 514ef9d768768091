#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: set up, scaffold `apps/hello`, serve it (src/quickstart/cli.mts).
 */
import { createRequire } from "node:module";

/** @type {typeof import("../src/quickstart/cli.mjs")} */
const { main } = createRequire(import.meta.url)("@acme/compiled").loadCompiled(
  import.meta.dirname,
  "src/quickstart/cli.mts",
  "quickstart",
);
await main(process.argv.slice(2), process.cwd());
