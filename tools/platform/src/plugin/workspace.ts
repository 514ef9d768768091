import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { layout } from "@acme/contract";

/** The parts of a package.json the plugin reads. */
export interface Manifest {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const dependencyFields = [
  "dependencies",
  "devDependencies",
  "peerDependencies",
  "optionalDependencies",
] as const;

/** The workspace packages a manifest declares it depends on (any dependency field). */
export function declaredDependencies(manifest: Manifest): string[] {
  return dependencyFields.flatMap((field) => Object.keys(manifest[field] ?? {}));
}

/**
 * Reads a project's package.json. Throws with the file's path when it is not JSON, so that
 * `createNodesFromFiles` reports the error against that file alone.
 */
export function readManifest(workspaceRoot: string, manifestPath: string): Manifest {
  const text = readFileSync(join(workspaceRoot, manifestPath), "utf8");
  try {
    const manifest = JSON.parse(text) as unknown;
    if (manifest === null || typeof manifest !== "object" || Array.isArray(manifest)) {
      throw new Error("it is not a JSON object");
    }
    return manifest as Manifest;
  } catch (error) {
    throw new Error(
      `${manifestPath} is not a valid package.json (${(error as Error).message}). Fix the file; the other projects are unaffected.`,
    );
  }
}

/**
 * What the plugin knows about the whole workspace before it infers any project's targets: the
 * name of each workspace package and the packages each one reaches through its declared
 * dependencies.
 */
export class Workspace {
  readonly root: string;
  /** package name -> its manifest, for every readable package.json the plugin matched. */
  private readonly manifests = new Map<string, Manifest>();
  /** The project that holds the workspace's SST platform install, if the workspace has one. */
  readonly platformProject: string | undefined;

  constructor(workspaceRoot: string, manifestPaths: readonly string[]) {
    this.root = workspaceRoot;
    let platformProject: string | undefined;
    for (const path of manifestPaths) {
      let manifest: Manifest;
      try {
        manifest = readManifest(workspaceRoot, path);
      } catch {
        // Reported by the project's own createNodes call; the others go on without it.
        continue;
      }
      if (!manifest.name) continue;
      this.manifests.set(manifest.name, manifest);
      if (dirname(path) === layout.platformProjectRoot) platformProject = manifest.name;
    }
    this.platformProject = platformProject;
  }

  /** Whether `name` is a package of this workspace (so Nx has a project for it). */
  has(name: string): boolean {
    return this.manifests.has(name);
  }

  /** Whether a project with this manifest is, or depends (directly or not) on, one of `names`. */
  reaches(manifest: Manifest, names: readonly string[]): boolean {
    const seen = new Set<string>();
    const pending: Manifest[] = [manifest];
    for (let next = pending.pop(); next; next = pending.pop()) {
      if (next.name && names.includes(next.name)) return true;
      for (const dependency of declaredDependencies(next)) {
        if (seen.has(dependency)) continue;
        seen.add(dependency);
        const found = this.manifests.get(dependency);
        if (found) pending.push(found);
      }
    }
    return false;
  }

  exists(projectRoot: string, file: string): boolean {
    return existsSync(join(this.root, projectRoot, file));
  }
}
