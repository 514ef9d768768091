#!/usr/bin/env node
// @ts-check
/**
 * `sst-offline` (see packages/sst-offline/README.md). Node 20 cannot run TypeScript bins, so this
 * registers tsx's loader and then runs the TypeScript CLI. The evaluation itself runs in a child
 * process started from a compiled runner (src/runner-script.ts), not through tsx.
 */
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
process.exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
