import { basename, dirname, join } from "node:path";
import type { CreateNodesResult } from "@nx/devkit";
// Nx's own modules, which its plugin worker has loaded already (all of @nx/devkit is not).
import { hashArray, hashObject } from "nx/src/hasher/file-hasher";
import { workspaceDataDirectoryForWorkspace } from "nx/src/utils/cache-directory";
import { PluginCache } from "nx/src/utils/plugin-cache-utils";
import { hashMultiGlobWithWorkspaceContext } from "nx/src/utils/workspace-context";
import type { NamedInputs } from "./needs";
import type { NormalizedPlatformPluginOptions } from "./options";
import { inferenceFiles } from "./project";

/**
 * The inferred targets of each project, kept in Nx's workspace data directory under a hash of
 * everything that decides them, as Nx's own plugins keep theirs (`PluginCache`): a command whose
 * inputs did not change reads no project's files and infers nothing. A project's key covers
 *
 * - the files of the project the inference looks at (`inferenceFiles`: its package.json, and
 *   whether it has a tsconfig.json, a vitest config, an sst.config.ts), hashed by Nx's native
 *   file index, which holds their content hashes already;
 * - every matched package.json of the workspace (a project's targets follow the packages it
 *   reaches through its dependencies) and the list of them;
 * - the plugin's options, the `namedInputs` of nx.json (a need's inputs are written by name when
 *   nx.json defines them: `sharedInputs` in needs.ts) and the plugin's own build (`pluginBuild`).
 *
 * The file keeps the entries of the last run only (a change to any package.json gives every
 * project a new key; kept, the old entries would pile up and be read by every command), and is
 * written only when they changed.
 *
 * `NX_CACHE_PROJECT_GRAPH=false` (Nx's switch) skips reading the cache; a file that is not a cache
 * is ignored, and `nx reset` deletes it.
 */
export class InferenceCache {
  private readonly path: string;
  private readonly stored: PluginCache<CreateNodesResult>;
  /** This run's entries, by key. */
  private readonly used: Record<string, CreateNodesResult> = {};
  private inferred = 0;

  private constructor(
    workspaceRoot: string,
    private readonly keys: readonly string[],
  ) {
    this.path = join(
      workspaceDataDirectoryForWorkspace(workspaceRoot),
      "acme-platform-targets.json",
    );
    this.stored = new PluginCache(this.path);
  }

  static async open(
    workspaceRoot: string,
    manifestPaths: readonly string[],
    options: NormalizedPlatformPluginOptions,
    namedInputs: NamedInputs = {},
  ): Promise<InferenceCache> {
    return new InferenceCache(
      workspaceRoot,
      await projectKeys(workspaceRoot, manifestPaths, options, namedInputs),
    );
  }

  /** The result for the `index`th manifest: kept, or inferred now and kept. */
  resultFor(index: number, infer: () => CreateNodesResult): CreateNodesResult {
    const key = this.keys[index] as string;
    const kept = this.stored.get(key);
    if (kept) {
      this.used[key] = kept;
      return kept;
    }
    const result = infer();
    this.inferred++;
    this.used[key] = result;
    return result;
  }

  /**
   * Writes this run's entries once, after the run, unless the file holds exactly them already (a
   * project that failed is not kept, so it is inferred again).
   */
  save(): void {
    const storedCount = Object.keys(this.stored.toSerializable().entries).length;
    if (this.inferred === 0 && storedCount === Object.keys(this.used).length) return;
    new PluginCache(this.path, this.used).writeToDisk();
  }
}

async function projectKeys(
  workspaceRoot: string,
  manifestPaths: readonly string[],
  options: NormalizedPlatformPluginOptions,
  namedInputs: NamedInputs,
): Promise<string[]> {
  const roots = manifestPaths.map(dirname);
  // One call to Nx's file index: each project's inference files, then every manifest.
  const hashes = await hashMultiGlobWithWorkspaceContext(workspaceRoot, [
    ...roots.map((root) => inferenceFiles.map((file) => join(root, file))),
    [...manifestPaths],
  ]);
  const shared = hashArray([
    pluginBuild(),
    hashObject(options),
    hashObject(namedInputs),
    hashArray([...manifestPaths]),
    hashes[roots.length] as string,
  ]);
  return roots.map((root, index) => hashArray([shared, root, hashes[index] as string]));
}

/**
 * Names the plugin's code. Nx runs the compiled copy (@acme/compiled), whose file name carries the
 * hash of the sources it was built from; from TypeScript (tests), the module's own path.
 */
function pluginBuild(): string {
  return basename(__filename);
}
