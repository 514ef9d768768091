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
  has(file: InferenceFile): boolean;
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

/**
 * The files of a project that its inferred targets depend on (the manifest, and the files whose
 * presence gives a target). The inference cache hashes exactly these (`inference-cache.ts`), so
 * `has()` answers only for them: a builder that looks at another file must add it here.
 */
export const inferenceFiles = [
  "package.json",
  "tsconfig.json",
  "vitest.config.ts",
  "vitest.config.mts",
  "sst.config.ts",
] as const;

export type InferenceFile = (typeof inferenceFiles)[number];

export function describeProject(
  root: string,
  manifest: Manifest,
  workspace: Workspace,
  options: NormalizedPlatformPluginOptions,
): Project {
  const has = (file: InferenceFile) => {
    // The type says so too; this catches a cast, since a file outside the list is not hashed.
    if (!inferenceFiles.includes(file)) {
      throw new Error(
        `${file} is not in inferenceFiles (project.ts): add it, so the cache hashes it.`,
      );
    }
    return workspace.exists(root, file);
  };
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
