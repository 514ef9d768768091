#!/usr/bin/env node
// @ts-check
import { main } from "../src/cli.mjs";

const code = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
