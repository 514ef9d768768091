#!/usr/bin/env node
// @ts-check
/**
 * `sst-offline` (see packages/sst-offline/README.md). Node 20 cannot run TypeScript bins, so this
 * loads the TypeScript CLI through tsx, with its CommonJS hook as the platform's bins do
 * (tools/platform/bin/load-typescript.mjs: tsx's ESM hook starts a loader thread, about 0.4 s
 * slower per start on a busy machine). The evaluation itself runs in a child process started from
 * a compiled runner (src/runner-script.ts), not through tsx.
 */
import { createRequire } from "node:module";
import { register } from "tsx/cjs/api";

register();
/** @type {typeof import("../src/cli.ts")} */
const { main } = createRequire(import.meta.url)("../src/cli.ts");
process.exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
