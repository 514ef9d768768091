import { dirname } from "node:path";
import type {
  CreateNodesContext,
  CreateNodesResult,
  CreateNodesV2,
  TargetConfiguration,
} from "@nx/devkit";
// The same function as @nx/devkit's, from its own module: loading all of @nx/devkit costs more
// than the plugin itself on every Nx command (bench/README.md, "Plugin load").
import { createNodesFromFiles } from "nx/src/project-graph/plugins/utils";
import { InferenceCache } from "./inference-cache";
import { applyNeeds, type DeclaredTarget, type NamedInputs } from "./needs";
import {
  type NormalizedPlatformPluginOptions,
  normalizeOptions,
  type PlatformPluginOptions,
} from "./options";
import { describeProject } from "./project";
import { targetBuilders } from "./targets";
import { readManifest, Workspace } from "./workspace";

/**
 * Projects are the workspace packages under `apps/`, `packages/` and `tools/`. Nx already creates a
 * project for each `package.json`; this plugin adds the platform's targets to it, so no project
 * repeats target configuration.
 */
export const projectFilePattern = "{apps,packages,tools}/*/package.json";

/**
 * Nx's `createNodesV2`: each package.json is inferred on its own (`createNodesFromFiles`), so a
 * malformed one is reported against its own path while every other project keeps its targets.
 * Results are kept by a hash of their inputs (`inference-cache.ts`).
 */
export const createNodesV2: CreateNodesV2<PlatformPluginOptions> = [
  projectFilePattern,
  async (manifestPaths, rawOptions, context) => {
    const options = normalizeOptions(rawOptions);
    const namedInputs: NamedInputs = context.nxJsonConfiguration?.namedInputs ?? {};
    const cache = await InferenceCache.open(
      context.workspaceRoot,
      manifestPaths,
      options,
      namedInputs,
    );
    // Read the manifests only when some project is not in the cache.
    let workspace: Workspace | undefined;
    try {
      return await createNodesFromFiles(
        (manifestPath, _options, _context, index) =>
          cache.resultFor(index, () => {
            workspace ??= new Workspace(context.workspaceRoot, manifestPaths);
            return inferProject(manifestPath, workspace, options, namedInputs);
          }),
        manifestPaths,
        rawOptions,
        context,
      );
    } finally {
      cache.save();
    }
  },
];

/** Nx 24 reads `createNodes` with the same (v2) signature. */
export const createNodes = createNodesV2;

/** The targets of one project: each builder's target with what its needs imply. */
export function inferProject(
  manifestPath: string,
  workspace: Workspace,
  options: NormalizedPlatformPluginOptions,
  namedInputs: NamedInputs = {},
): CreateNodesResult {
  const root = dirname(manifestPath);
  const manifest = readManifest(workspace.root, manifestPath);
  const project = describeProject(root, manifest, workspace, options);
  const targets: Record<string, TargetConfiguration> = {};
  const dependencies = new Set<string>();
  const declared = declaredTargets(project);
  const siblings = new Set(declared.map((target) => target.name));
  for (const target of declared) {
    const applied = applyNeeds(target, project, siblings, workspace, options, namedInputs);
    targets[target.name] = withContinuousStated(applied.config);
    for (const name of applied.dependencies) dependencies.add(name);
  }
  // Packages the project reaches through its declared dependencies are edges already (Nx follows
  // them for `^production` and `nx affected`); the others are what a target runs without importing.
  const implicitDependencies = [...dependencies]
    .filter((name) => !workspace.reaches(manifest, [name]))
    .sort();
  return {
    projects: {
      [root]: { targets, ...(implicitDependencies.length > 0 ? { implicitDependencies } : {}) },
    },
  };
}

/**
 * The target with `continuous` written out (false unless its builder says otherwise). Where a
 * target does not say, Nx looks its executor up on every command to read `continuous` from the
 * executor's schema (`normalizeTarget`), which for this plugin's executors cost more CPU than the
 * plugin itself (bench/README.md, "Stating continuous"). No executor this plugin's targets run
 * declares it, so false is what Nx would find; `create-nodes.test.ts` checks that with Nx's own
 * lookup.
 */
function withContinuousStated(config: TargetConfiguration): TargetConfiguration {
  return { ...config, continuous: config.continuous ?? false };
}

function declaredTargets(project: ReturnType<typeof describeProject>): DeclaredTarget[] {
  return targetBuilders.flatMap((builder) => builder(project) ?? []);
}

export type { CreateNodesContext };
