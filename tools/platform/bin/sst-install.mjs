#!/usr/bin/env node
// @ts-check
/**
 * `npm run setup` (and the workspace's `postinstall`, and the Nx target `@acme/infra:sst-install`):
 * installs SST's platform once for the workspace. The work is in src/setup/cli.mts.
 */
import { realpathSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const { loadCompiled } = createRequire(import.meta.url)("@acme/compiled");

/** @type {typeof import("../src/setup/cli.mjs")} */
const { main } = loadCompiled(import.meta.dirname, "src/setup/cli.mts", "sst-install");

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = await main({
      cwd: process.cwd(),
      argv: process.argv.slice(2),
      env: process.env,
      log: (line) => console.log(line),
    });
  } catch (error) {
    console.error(`✕ ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
