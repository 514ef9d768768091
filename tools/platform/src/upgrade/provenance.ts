import type { Tree } from "@nx/devkit";
import { TEMPLATE_ID } from "../generators/service/variables";
import { conflictMarkerLines } from "./merge/markers";

/** `package.json#shipyard`: where a service came from. */
export interface Provenance {
  template: string;
  templateVersion: string;
  answers: Record<string, unknown>;
  /** Set while an upgrade to this version waits for its conflicts to be resolved. */
  upgradingTo?: string;
}

/**
 * A service's provenance, or an error that says what is wrong and how to fix it: a service
 * without one cannot be upgraded, because nothing says which template version its files are.
 */
export function readProvenance(tree: Tree, root: string, scope: string): Provenance {
  const path = `${root}/package.json`;
  const text = tree.read(path, "utf-8");
  if (text === null) throw new Error(`${path} is missing: ${root} is not a service.`);
  if (conflictMarkerLines(text).length > 0) {
    throw new Error(
      `${path} still holds conflict markers from an upgrade. Resolve them (keep the lines you want, delete the markers), then run the upgrade again to finish it.`,
    );
  }
  let shipyard: Partial<Provenance> | undefined;
  try {
    shipyard = JSON.parse(text).shipyard;
  } catch (error) {
    throw new Error(
      `${path} is not valid JSON (${(error as Error).message}). Fix it, then run the upgrade again.`,
    );
  }
  if (
    !shipyard ||
    typeof shipyard.templateVersion !== "string" ||
    typeof shipyard.answers !== "object"
  ) {
    throw new Error(
      `${path} has no "shipyard" record (template, templateVersion, answers), so nothing says which template version ${root} was generated from. Restore it from git history (git log -p -- ${path}), or, if the service was written by hand, add "shipyard": {"template": "${TEMPLATE_ID}", "templateVersion": "<the version it matches>", "answers": {...}} with the answers nx g @${scope}/platform:service would take.`,
    );
  }
  if (shipyard.template !== TEMPLATE_ID) {
    throw new Error(
      `${path} records template "${String(shipyard.template)}", and this upgrade knows the "${TEMPLATE_ID}" template only.`,
    );
  }
  return shipyard as Provenance;
}
