import { basename, dirname } from "node:path";
import type { ProjectConfiguration, Tree } from "@nx/devkit";
import { toProjectName } from "nx/src/config/to-project-name";
import { daemonClient } from "nx/src/daemon/client/client";
import { isOnDaemon } from "nx/src/daemon/is-on-daemon";
import { getGlobPatternsFromPackageManagerWorkspaces } from "nx/src/plugins/package-json";
import { buildProjectFromProjectJson } from "nx/src/plugins/project-json/build-nodes/project-json";
import {
  mergeProjectConfigurationIntoRootMap,
  readProjectConfigurationsFromRootMap,
} from "nx/src/project-graph/utils/project-configuration/project-nodes-manager";
import { joinPathFragments } from "nx/src/utils/path";
import { globWithWorkspaceContext } from "nx/src/utils/workspace-context";
import { getProjects, readJson } from "./devkit";

/** Finds the workspace files matching glob patterns, as Nx's workspace context does. */
export type ProjectFileGlob = (root: string, patterns: string[]) => Promise<string[]>;

/**
 * The workspace's projects, exactly as Nx's `getProjects(tree)` gives them (project.json and
 * package.json projects, no plugin inference), for a generator's collision checks.
 *
 * `getProjects` finds the project files with Nx's workspace context of this process, which it
 * builds on first use. `nx g` without the daemon has built it already for the project graph; with
 * the daemon it has not (the daemon computed the graph), and building it was about 13 ms of the
 * ~70 ms a service cost in `nx g` (bench/README.md, "Service generator: the compiled copy's code
 * cache, and the last cuts"). So when a daemon serves this process, the same glob goes to the
 * daemon's workspace context (the one Nx computed the project graph from), and the files are read
 * and combined as `getProjects` does, with Nx's own functions. Anything else `getProjects` handles (files the tree has changed,
 * `angular.json`, pnpm's workspace file) goes to `getProjects` itself.
 */
export async function workspaceProjects(
  tree: Tree,
  glob: ProjectFileGlob | undefined = daemonGlob(),
): Promise<Map<string, ProjectConfiguration>> {
  if (!glob || tree.listChanges().length > 0 || nonStandard.some((file) => tree.exists(file))) {
    return getProjects(tree);
  }
  return projectsFromFiles(tree, await glob(tree.root, projectFilePatterns(tree)));
}

/** Workspace files `getProjects` reads in ways not repeated here: it handles these itself. */
const nonStandard = ["angular.json", "pnpm-workspace.yaml"];

/** The daemon's glob, when a daemon (not this process) holds the workspace context. */
function daemonGlob(): ProjectFileGlob | undefined {
  return daemonClient.enabled() && !isOnDaemon() ? globWithWorkspaceContext : undefined;
}

/** The project files `getProjects` globs (nx/src/generators/utils/project-configuration). */
function projectFilePatterns(tree: Tree): string[] {
  return [
    "**/project.json",
    "project.json",
    ...getGlobPatternsFromPackageManagerWorkspaces(
      tree.root,
      (path) => readJson(tree, path, { expectComments: true }),
      () => {
        throw new Error("pnpm-workspace.yaml is left to getProjects");
      },
      (path) => tree.exists(path),
    ),
  ];
}

/** `getProjects`' combination of the files it globbed (`readAndCombineAllProjectConfigurations`). */
function projectsFromFiles(tree: Tree, files: string[]): Map<string, ProjectConfiguration> {
  const rootMap: Record<string, ProjectConfiguration> = {};
  for (const file of files) {
    if (basename(file) === "project.json") {
      const config = buildProjectFromProjectJson(readJson(tree, file), file);
      if (!config.name) {
        try {
          const manifest = readJson(tree, joinPathFragments(config.root, "package.json"));
          if (manifest.name) config.name = manifest.name;
        } catch {
          // No package.json beside it.
        }
        config.name ??= toProjectName(file);
      }
      mergeProjectConfigurationIntoRootMap(rootMap, config, undefined, undefined, true);
    }
    if (basename(file) === "package.json") {
      const manifest = readJson(tree, file);
      const config = {
        root: dirname(file),
        name: manifest.name ?? toProjectName(file),
        ...manifest.nx,
      };
      if (!rootMap[config.root]) {
        mergeProjectConfigurationIntoRootMap(rootMap, config, undefined, undefined, true);
      }
    }
  }
  const projects = readProjectConfigurationsFromRootMap(rootMap);
  return new Map(
    Object.keys(projects).map((name) => [name, projects[name] as ProjectConfiguration]),
  );
}
