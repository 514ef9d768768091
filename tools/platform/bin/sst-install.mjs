#!/usr/bin/env node
// @ts-check
/**
 * `npm run setup` (and the workspace's `postinstall`, and the Nx target `@acme/infra:sst-install`):
 * installs SST's platform once for the workspace. The work is in src/setup/cli.mts.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadTypeScript } from "./load-typescript.mjs";

/** @type {typeof import("../src/setup/cli.mjs")} */
const { main } = loadTypeScript("../src/setup/cli.mts");

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

/**
 * The workspace-root walk, for bin/platform-check.mjs, which imported it from here before it moved
 * to @acme/contract. Import `requireWorkspaceRoot` from @acme/contract instead.
 */
/** @type {typeof import("@acme/contract").requireWorkspaceRoot} */
export const findWorkspaceRoot = loadTypeScript("@acme/contract").requireWorkspaceRoot;
