import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CreateNodes, CreateNodesResult } from "@nx/devkit";
import { normalizeOptions, type PlatformPluginOptions } from "./options";
import { qualityTargets } from "./targets/quality";
import { sstInstallTarget, sstPlatformRoot, withSstPlatform } from "./targets/sst";

/**
 * Projects are the workspace packages under `apps/`, `packages/` and `tools/`. Nx already creates a
 * project for each `package.json`; this plugin adds the platform's targets to it, so no project
 * repeats target configuration.
 */
export const projectFilePattern = "{apps,packages,tools}/*/package.json";

export const createNodes: CreateNodes<PlatformPluginOptions> = [
  projectFilePattern,
  (packageJsonPaths, rawOptions, context) => {
    const options = normalizeOptions(rawOptions);
    const platformProject = packageName(context.workspaceRoot, sstPlatformRoot);
    return packageJsonPaths.map((packageJsonPath) => {
      const root = dirname(packageJsonPath);
      const quality = qualityTargets(root, context.workspaceRoot, options);
      const targets = {
        ...(platformProject
          ? withSstPlatform(quality, root, context.workspaceRoot, options, platformProject)
          : quality),
        ...sstInstallTarget(root, context.workspaceRoot),
      };
      const result: CreateNodesResult = { projects: { [root]: { targets } } };
      return [packageJsonPath, result] as const;
    });
  },
];

function packageName(workspaceRoot: string, projectRoot: string): string | undefined {
  const manifest = join(workspaceRoot, projectRoot, "package.json");
  if (!existsSync(manifest)) return undefined;
  return JSON.parse(readFileSync(manifest, "utf8")).name;
}
