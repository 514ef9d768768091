import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { requireWorkspaceRoot } from "@acme/contract";
import { bunFromRegistry, sstPackage } from "../setup/sst-package.mjs";
import { sstArguments, sstEnvironment } from "./arguments.mjs";

/**
 * `shipyard-sst <command> [args]`: the SST CLI as the service targets run it (`nx dev`,
 * `nx deploy`, `nx remove`), in the service's folder, where its `sst.config.ts` is (docs/adr/0001).
 * Arguments are passed to SST as an array, never through a shell. Signals are passed on, so
 * Ctrl-C stops SST cleanly; the exit code is SST's. `SHIPYARD_SST_BIN` replaces the sst binary
 * (tests use a stand-in).
 */
export function main(argv: string[], env: NodeJS.ProcessEnv, launcherDir: string): void {
  if (!existsSync("sst.config.ts")) {
    fail(
      `No sst.config.ts in ${process.cwd()}: run this from a service folder (apps/<service>), or use nx dev|deploy|remove <service>.`,
    );
  }
  const result = sstArguments(argv, env);
  if ("error" in result) fail(result.error);
  const root = requireWorkspaceRoot(launcherDir);
  const bin = env.SHIPYARD_SST_BIN ?? sstPackage(root).bin;
  const command = result.args[0] as string;
  const child = spawn(bin, result.args, {
    stdio: "inherit",
    env: sstEnvironment(command, env, bunFromRegistry(root)),
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("error", (error) => {
    console.error(`✕ Could not start sst (${bin}): ${error.message}`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));
}

function fail(message: string): never {
  console.error(`✕ ${message}`);
  return process.exit(2);
}
