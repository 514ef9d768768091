#!/usr/bin/env node
// @ts-check
/**
 * `shipyard-sst <command> [args]`: the SST CLI as the service targets run it (`nx dev`, `nx deploy`,
 * `nx remove`), in the service's folder, where its `sst.config.ts` is (docs/adr/0001).
 *
 * - A stage longer than the platform allows is refused before SST starts.
 * - `dev` runs in SST's `mono` mode unless `--mode` is given: SST's default multiplexer takes over
 *   the terminal, which Nx owns when it runs tasks (and several `nx dev` at once would fight over
 *   it). `mono` prints every process's output as one stream, prefixed by process.
 * - Signals are passed on, so Ctrl-C stops SST cleanly; the exit code is SST's.
 *
 * `SHIPYARD_SST_BIN` replaces the sst binary (tests use a stand-in).
 */
import { spawn } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { findWorkspaceRoot, sstPackage } from "./sst-install.mjs";

/** Mirrors `defaults.maxStageLength` in @acme/infra (packages/infra/src/conventions/defaults.ts). */
export const MAX_STAGE_LENGTH = 16;

/**
 * The arguments to give SST, or the problem with the ones given.
 * @param {string[]} argv
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ args: string[] } | { error: string }}
 */
export function sstArguments(argv, env) {
  const [command, ...rest] = argv;
  if (!command)
    return {
      error: "Usage: shipyard-sst <dev|deploy|remove|diff|...> [--stage <stage>] [sst options]",
    };
  const stageAt = rest.findIndex((arg) => arg === "--stage" || arg.startsWith("--stage="));
  const flag = stageAt >= 0 ? rest[stageAt] : undefined;
  const stage = flag?.includes("=")
    ? flag.slice("--stage=".length)
    : flag
      ? rest[stageAt + 1]
      : env.SST_STAGE;
  if (flag !== undefined && !stage)
    return { error: "--stage needs a value, e.g. --stage production." };
  if (stage && stage.length > MAX_STAGE_LENGTH) {
    return {
      error: `Stage "${stage}" is ${stage.length} characters; the platform allows ${MAX_STAGE_LENGTH}, so that the AWS names SST derives from service, stage and resource stay whole. Choose a shorter --stage.`,
    };
  }
  const mode =
    command === "dev" && !rest.some((arg) => arg === "--mode" || arg.startsWith("--mode="));
  return { args: [command, ...(mode ? ["--mode", "mono"] : []), ...rest] };
}

function main() {
  if (!existsSync("sst.config.ts")) {
    console.error(
      `✕ No sst.config.ts in ${process.cwd()}: run this from a service folder (apps/<service>), or use nx dev|deploy|remove <service>.`,
    );
    return process.exit(2);
  }
  const result = sstArguments(process.argv.slice(2), process.env);
  if ("error" in result) {
    console.error(`✕ ${result.error}`);
    return process.exit(2);
  }
  const bin =
    process.env.SHIPYARD_SST_BIN ??
    sstPackage(findWorkspaceRoot(dirname(fileURLToPath(import.meta.url)))).bin;
  const child = spawn(bin, result.args, { stdio: "inherit" });
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("error", (error) => {
    console.error(`✕ Could not start sst (${bin}): ${error.message}`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) main();
