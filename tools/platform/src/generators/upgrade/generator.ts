import { type GeneratorCallback, logger, type Tree } from "@nx/devkit";
import { upgradeServices } from "../../upgrade";
import { workspaceScope } from "../service/validate";
import type { UpgradeGeneratorSchema } from "./schema";

/**
 * `nx g @acme/platform:upgrade --projects <a,b> | --all [--to <version>]`: upgrades services to a
 * template version in the tree (docs/adr/0006-template-versions.md). An error in any service throws
 * before Nx flushes the tree, so a failure part way writes nothing; `--dry-run`
 * prints the same report and writes nothing. Conflicts are written with markers, then the
 * callback fails the command so that scripts and CI see them.
 */
export async function upgradeGenerator(
  tree: Tree,
  options: UpgradeGeneratorSchema,
): Promise<GeneratorCallback> {
  const org = workspaceScope(tree);
  const result = await upgradeServices(tree, {
    ...(options.projects === undefined ? {} : { projects: options.projects }),
    all: options.all === true,
    ...(options.to === undefined ? {} : { to: options.to }),
    org,
  });
  for (const line of result.report) logger.info(line);
  if (result.conflicts) logger.warn(result.conflicts);
  return () => {
    if (result.conflicts) throw new Error(result.conflicts);
  };
}

export default upgradeGenerator;
