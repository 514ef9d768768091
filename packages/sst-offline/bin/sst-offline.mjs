#!/usr/bin/env node
// @ts-check
/**
 * `sst-offline` (see packages/sst-offline/README.md). Node 20 cannot run TypeScript, so this runs
 * a compiled copy of the TypeScript CLI, kept under a hash of its sources and rebuilt when one
 * changes (@acme/compiled): no TypeScript loader to start and nothing to transpile on each run.
 * The evaluation itself runs in a child process started from a compiled runner
 * (src/runner-script.ts).
 */
import { createRequire } from "node:module";

/** @type {typeof import("../src/cli.ts")} */
const { main } = createRequire(import.meta.url)("@acme/compiled").loadCompiled(
  import.meta.dirname,
  "src/cli.ts",
  "cli",
);
process.exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
