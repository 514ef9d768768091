#!/usr/bin/env node
// @ts-check
/**
 * `npm run setup` (and the root's `postinstall`, and the Nx target `@acme/infra:sst-install`):
 * installs SST's platform once for the workspace. The work is in TypeScript
 * (src/setup/cli.mts); Node 20 cannot run TypeScript, so this registers tsx's loader first.
 */
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/setup/cli.mjs");

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
export const findWorkspaceRoot = (await import("@acme/contract")).requireWorkspaceRoot;
