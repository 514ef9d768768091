import type { GeneratorCallback, Tree } from "@nx/devkit";
import { upgradeServices } from "../../upgrade";
import { logger } from "../shared/devkit";
import { workspaceScope } from "../service/validate";
import type { UpgradeGeneratorSchema } from "./schema";

/**
 * `nx g @acme/platform:upgrade --projects <a,b> | --all [--to <version>]`: upgrades services to a
 * template version in the tree (docs/adr/0006-template-versions.md). An error in any service throws
 * before Nx flushes the tree, so a failure part way writes nothing.
 *
 * Conflicts fail the command (exit 1) either way, so that scripts and CI see them:
 * - a real run writes the merge with conflict markers, then its callback fails (the markers are in
 *   the files to resolve, and the `template-check` target fails on them too);
 * - a dry run prints the same report, then throws: Nx never runs a dry run's callback, and an
 *   error thrown by the generator is reported with exit code 1 before anything is written.
 */
export async function upgradeGenerator(
  tree: Tree,
  options: UpgradeGeneratorSchema,
): Promise<GeneratorCallback> {
  const org = workspaceScope(tree);
  const dryRun = isDryRun();
  const result = await upgradeServices(tree, {
    ...(options.projects === undefined ? {} : { projects: options.projects }),
    all: options.all === true,
    ...(options.to === undefined ? {} : { to: options.to }),
    org,
    dryRun,
  });
  for (const line of result.report) logger.info(line);
  if (result.conflicts && dryRun) throw new Error(result.conflicts);
  if (result.conflicts) logger.warn(result.conflicts);
  return () => {
    if (result.conflicts) throw new Error(result.conflicts);
  };
}

/**
 * Whether `nx g` was given --dry-run. Nx removes the flag from the generator's options and
 * publishes it as NX_DRY_RUN ("true" or "false", set by `nx g` itself; @nx/devkit's
 * `ensurePackage` reads it the same way).
 */
function isDryRun(): boolean {
  const value = process.env.NX_DRY_RUN;
  return value !== undefined && value !== "" && value !== "false";
}

export default upgradeGenerator;
