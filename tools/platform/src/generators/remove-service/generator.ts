import { lstatSync } from "node:fs";
import { join } from "node:path";
import type { GeneratorCallback, Tree } from "@nx/devkit";
import { getProjects, installPackages, logger } from "../shared/devkit";
import { GrowError, readService } from "../shared/service";
import type { RemoveServiceGeneratorSchema } from "./schema";

/**
 * `nx g @acme/platform:remove-service <service> --stagesRemoved`: deletes apps/<service> and its
 * CODEOWNERS line, then (not on --dry-run) runs npm install, which drops the service from
 * package-lock.json and removes its node_modules link. It refuses, with nothing written, until the
 * team confirms that the deployed stages are gone (it cannot remove them itself), and while
 * another project depends on the service.
 */
export async function removeServiceGenerator(
  tree: Tree,
  options: RemoveServiceGeneratorSchema,
): Promise<GeneratorCallback> {
  const service = readService(tree, options.service);
  const packageName = `@${service.org}/${service.name}`;
  if (options.stagesRemoved !== true) {
    throw new GrowError(
      `Remove ${service.name}'s deployed stages first, while its code is still here: nx remove ${service.name} --stage <stage> for each stage (production is protected: unprotect it in sst.config.ts first; data kept with removal "retain" stays in the account). This command cannot reach AWS. Then run it again with --stagesRemoved.`,
    );
  }
  const dependents = [...getProjects(tree)]
    .filter(([, project]) => project.root !== service.root)
    .filter(([, project]) => {
      const manifest = tree.read(`${project.root}/package.json`, "utf-8");
      return manifest?.includes(`"${packageName}"`) === true;
    })
    .map(([name]) => name);
  if (dependents.length > 0) {
    throw new GrowError(
      `${dependents.join(", ")} depend${dependents.length === 1 ? "s" : ""} on ${packageName}: remove that dependency first.`,
    );
  }

  deleteFolder(tree, service.root);
  const owners = tree.read("CODEOWNERS", "utf-8");
  if (owners !== null) {
    const kept = owners
      .split("\n")
      .filter((line) => !line.startsWith(`/${service.root}/ `) && line !== `/${service.root}/`);
    tree.write("CODEOWNERS", kept.join("\n"));
  }
  return async () => {
    if (!options.skipInstall) await installPackages(tree);
    logger.info(
      `Removed ${service.name}: apps/${service.name}, its CODEOWNERS line, its lockfile entry and node_modules link.`,
    );
  };
}

/**
 * Deletes `folder`. The Tree tracks files, so tracked files are deleted one by one; a symlink
 * (`.sst` links to the workspace's shared SST platform) or a folder of installs and local state
 * is deleted as one entry, never entered: deleting what it points to would break every service.
 */
export function deleteFolder(tree: Tree, folder: string): void {
  for (const child of tree.children(folder)) {
    const path = `${folder}/${child}`;
    if (isSymlink(tree, path) || WHOLE.has(child)) tree.delete(path);
    else if (tree.isFile(path)) tree.delete(path);
    else deleteFolder(tree, path);
  }
  tree.delete(folder);
}

/** Folders deleted whole: installs, builds and local state, never the template's files. */
const WHOLE = new Set([".sst", "node_modules", "dist", ".local"]);

function isSymlink(tree: Tree, path: string): boolean {
  try {
    return lstatSync(join(tree.root, path)).isSymbolicLink();
  } catch {
    return false;
  }
}

export default removeServiceGenerator;
