import { relative } from "node:path";
import { layout } from "@acme/contract";
import { evaluatorPackage } from "./needs";
import type { NormalizedPlatformPluginOptions } from "./options";
import type { Manifest, Workspace } from "./workspace";

/** What a target builder knows about the project it infers targets for. */
export interface Project {
  /** The project's folder, relative to the workspace root (`apps/orders`). */
  readonly root: string;
  readonly name: string | undefined;
  readonly manifest: Manifest;
  readonly workspace: Workspace;
  readonly options: NormalizedPlatformPluginOptions;
  /** Whether the project has this file (relative to its folder). */
  has(file: string): boolean;
  /** The relative path from the project's folder to the workspace root (`../..`). */
  readonly toWorkspaceRoot: string;
  /** A service: a folder under `apps/` with its own `sst.config.ts` (docs/adr/0001). */
  readonly isService: boolean;
  /**
   * The project builds on SST's platform: it has an `sst.config.ts`, or it is, or depends on, the
   * offline evaluator or the project that holds the platform (whose types are SST's). Its typecheck
   * and tests read the platform.
   */
  readonly onSstPlatform: boolean;
}

export function describeProject(
  root: string,
  manifest: Manifest,
  workspace: Workspace,
  options: NormalizedPlatformPluginOptions,
): Project {
  const has = (file: string) => workspace.exists(root, file);
  const platformHolders = [
    evaluatorPackage,
    ...(workspace.platformProject ? [workspace.platformProject] : []),
  ];
  return {
    root,
    name: manifest.name,
    manifest,
    workspace,
    options,
    has,
    toWorkspaceRoot: relative(root, "") || ".",
    isService: root.startsWith(`${layout.servicesDir}/`) && has("sst.config.ts"),
    onSstPlatform: has("sst.config.ts") || workspace.reaches(manifest, platformHolders),
  };
}
