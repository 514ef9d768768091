import { layout } from "@acme/contract";
import type { Tree } from "@nx/devkit";
import { readProvenance } from "./provenance";
import { filesWithMarkers, serviceFiles } from "./service-files";
import { compareVersions, readTemplateConfig, withinAllowedLag } from "./template-config";

export interface TemplateCheck {
  problems: string[];
  notes: string[];
}

/**
 * The `template-check` target of a service: fails when the service is further behind the current
 * template version than `upgradePolicy.allowedLag` (generators/service/template.json) allows, when
 * an upgrade is unfinished, or when conflict markers are left in its files or in CODEOWNERS.
 */
export function checkTemplate(tree: Tree, root: string, org: string): TemplateCheck {
  const result: TemplateCheck = { problems: [], notes: [] };
  const name = root.slice(root.lastIndexOf("/") + 1);
  const upgrade = `npx nx g @${org}/platform:upgrade --projects ${name}`;
  let provenance: ReturnType<typeof readProvenance>;
  try {
    provenance = readProvenance(tree, root, org);
  } catch (error) {
    result.problems.push((error as Error).message);
    return result;
  }
  for (const { path, lines } of filesWithMarkers(tree, [
    ...serviceFiles(tree, root),
    layout.codeowners,
  ])) {
    result.problems.push(
      `${path} still holds conflict markers (lines ${lines.join(", ")}). Keep what you want between the markers, delete the markers${provenance.upgradingTo ? `, then run ${upgrade} to finish the upgrade` : ""}.`,
    );
  }
  const config = readTemplateConfig(tree);
  const version = provenance.templateVersion;
  if (provenance.upgradingTo !== undefined) {
    if (result.problems.length === 0) {
      result.problems.push(
        `The upgrade of ${root} to template ${provenance.upgradingTo} is not finished: its conflicts are resolved, so run ${upgrade} to record the version.`,
      );
    }
  } else if (compareVersions(version, config.version) > 0) {
    result.problems.push(
      `${root} records template version ${version}, newer than this workspace's templates (${config.version}). Set package.json "shipyard.templateVersion" to the version it was generated from.`,
    );
  } else if (!withinAllowedLag(version, config.version, config.allowedLag)) {
    result.problems.push(
      `${root} is at template version ${version}; the current version is ${config.version}, and the policy (generators/service/template.json "upgradePolicy.allowedLag": "${config.allowedLag}") allows no more lag. Run ${upgrade} (or --all), resolve any conflicts it reports, and commit.`,
    );
  } else if (version !== config.version) {
    result.notes.push(
      `${root} is at template version ${version} (current: ${config.version}), within the allowed lag ("${config.allowedLag}"). ${upgrade} brings it up to date.`,
    );
  }
  return result;
}
