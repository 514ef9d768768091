import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import type { TargetConfiguration } from "@nx/devkit";
import type { NormalizedPlatformPluginOptions } from "../options";

/** Where the workspace's single SST platform install lives (`<root>/.sst/platform`). */
export const sstPlatformRoot = "packages/infra";

/**
 * `sst-install` on the project that holds the shared SST platform: installs it offline (npm
 * registry only) and links every service to it. Not cached: its output is a 420 MB folder outside
 * Nx's cache, and it takes about 0.3 s when there is nothing to do.
 */
export function sstInstallTarget(
  projectRoot: string,
  workspaceRoot: string,
): Record<string, TargetConfiguration> {
  if (projectRoot !== sstPlatformRoot) return {};
  const script = relative(workspaceRoot, join(workspaceRoot, "tools/platform/bin/sst-install.mjs"));
  return {
    "sst-install": {
      command: `node ${script}`,
      cache: false,
      metadata: {
        description:
          "Install SST's platform once for the workspace (offline, npm registry only) and link every service to it.",
        technologies: ["sst"],
      },
    },
  };
}

/**
 * Projects with an `sst.config.ts` typecheck against SST's platform source, so their typecheck
 * needs the platform installed first, and is invalidated when the SST version changes.
 */
export function withSstPlatform(
  targets: Record<string, TargetConfiguration>,
  projectRoot: string,
  workspaceRoot: string,
  options: NormalizedPlatformPluginOptions,
  platformProjectName: string,
): Record<string, TargetConfiguration> {
  const typecheck = targets[options.typecheckTargetName];
  if (!typecheck || !existsSync(join(workspaceRoot, projectRoot, "sst.config.ts"))) return targets;
  return {
    ...targets,
    [options.typecheckTargetName]: {
      ...typecheck,
      dependsOn: [{ projects: [platformProjectName], target: "sst-install" }],
      inputs: [...(typecheck.inputs ?? []), { externalDependencies: ["sst"] }],
    },
  };
}
