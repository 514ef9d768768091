import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { CreateNodes, CreateNodesResult, TargetConfiguration } from "@nx/devkit";
import { normalizeOptions, type PlatformPluginOptions } from "./options";
import { policyTarget } from "./targets/policy";
import { qualityTargets } from "./targets/quality";
import { isService, serviceTargets } from "./targets/service";
import {
  afterSstInstall,
  needsSstPlatform,
  sstInstallTarget,
  sstPlatformRoot,
} from "./targets/sst";

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
    const { workspaceRoot } = context;
    const platformProject = packageName(workspaceRoot, sstPlatformRoot);
    return packageJsonPaths.map((packageJsonPath) => {
      const root = dirname(packageJsonPath);
      let targets: Record<string, TargetConfiguration> = {
        ...qualityTargets(root, workspaceRoot, options),
        ...(isService(root, workspaceRoot)
          ? { ...serviceTargets(root), ...policyTarget(root) }
          : {}),
        ...sstInstallTarget(root, workspaceRoot),
      };
      if (platformProject && needsSstPlatform(root, workspaceRoot)) {
        targets = afterSstInstall(
          targets,
          [
            options.typecheckTargetName,
            options.testTargetName,
            "build",
            "infra",
            "link-types",
            "serve",
            "policy",
          ],
          platformProject,
        );
      }
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
