import { relative } from "node:path";
import { requireWorkspaceRoot } from "@acme/contract";
import { linkService, servicesWithSstConfig } from "./link-services.mjs";
import { installPlatform, platformPaths } from "./platform-install.mjs";
import { sstPackage } from "./sst-package.mjs";

export const HELP = `Usage: npm run setup [-- --force]

Installs SST's platform once for the workspace (packages/infra/.sst/platform), offline
apart from the npm registry, and links every service (apps/*/sst.config.ts) to it.
\`npm ci\` runs it; it is quick when the platform is already installed, and safe to run
from several terminals or tasks at once (one installs, the others wait for it).

Options:
  --force   install again, even when an install is complete
  --help    show this help`;

export interface SetupIo {
  cwd: string;
  argv: string[];
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

/** `npm run setup`: returns the exit code. */
export async function main({ cwd, argv, env, log }: SetupIo): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    log(HELP);
    return 0;
  }
  const unknown = argv.filter((arg) => arg !== "--force");
  if (unknown.length > 0) {
    log(`Unknown option ${unknown.join(" ")}.\n\n${HELP}`);
    return 2;
  }

  const root = requireWorkspaceRoot(cwd);
  const sst = sstPackage(root);
  const outcome = await installPlatform({ root, sst, env, force: argv.includes("--force"), log });
  const where = `${relative(root, platformPaths(root).sstDir)}/platform`;
  if (outcome.kind === "failed") {
    log(`✕ ${outcome.problem}`);
    return 1;
  }
  log(
    outcome.kind === "installed"
      ? `✓ SST platform ${sst.version} installed in ${outcome.seconds.toFixed(1)} s`
      : `✓ SST platform ${sst.version} already installed in ${where}`,
  );
  linkServices(root, log);
  return 0;
}

function linkServices(root: string, log: (line: string) => void): void {
  const shared = platformPaths(root).sstDir;
  for (const service of servicesWithSstConfig(root)) {
    if (linkService(service, shared).length > 0) {
      log(`  linked ${relative(root, service)}/.sst to the shared platform`);
    }
  }
}
