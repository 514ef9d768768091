import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { TargetConfiguration } from "@nx/devkit";

/** Where the workspace's single SST platform install lives (`<root>/.sst/platform`). */
export const sstPlatformRoot = "packages/infra";

/** The offline evaluator, which runs SST's platform code. */
export const sstOfflinePackage = "@acme/sst-offline";

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
 * A project needs SST's platform installed when it has an `sst.config.ts` (its typecheck reads the
 * platform's types) or when it runs the offline evaluator (its tests evaluate SST's components).
 */
export function needsSstPlatform(projectRoot: string, workspaceRoot: string): boolean {
  const root = join(workspaceRoot, projectRoot);
  if (existsSync(join(root, "sst.config.ts"))) return true;
  const manifestPath = join(root, "package.json");
  if (!existsSync(manifestPath)) return false;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (manifest.name === sstOfflinePackage) return true;
  return ["dependencies", "devDependencies", "peerDependencies"].some(
    (field) => manifest[field]?.[sstOfflinePackage] !== undefined,
  );
}

/**
 * Makes the given targets run after the shared SST platform is installed, and re-run when the SST
 * version changes.
 */
export function afterSstInstall(
  targets: Record<string, TargetConfiguration>,
  targetNames: readonly string[],
  platformProjectName: string,
): Record<string, TargetConfiguration> {
  const result = { ...targets };
  for (const name of targetNames) {
    const target = result[name];
    if (!target) continue;
    result[name] = {
      ...target,
      dependsOn: [
        ...(target.dependsOn ?? []),
        { projects: [platformProjectName], target: "sst-install" },
      ],
      inputs: target.inputs && [...target.inputs, { externalDependencies: ["sst"] }],
    };
  }
  return result;
}
