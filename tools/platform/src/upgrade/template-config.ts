import type { Tree } from "@nx/devkit";
import { readJson } from "../generators/shared/devkit";
import { TEMPLATE_ID, TEMPLATES_FOLDER } from "../generators/service/variables";

/** How far a service may lag behind the current template version before `template-check` fails. */
export type AllowedLag = "none" | "patch" | "minor";

/** `generators/service/template.json`: the one place for the template's version and policies. */
export interface TemplateConfig {
  id: string;
  version: string;
  /** Defaults of answers a later version asks, for services whose record lacks them. */
  answerDefaults: Record<string, unknown>;
  /** `upgradePolicy.allowedLag`: see {@link AllowedLag}. */
  allowedLag: AllowedLag;
}

export const TEMPLATE_CONFIG = `${TEMPLATES_FOLDER}/${TEMPLATE_ID}/template.json`;
/** Every released version of the templates, frozen: `<archive>/<version>/*.ejs.t`. */
export const TEMPLATE_ARCHIVE = `${TEMPLATES_FOLDER}/${TEMPLATE_ID}/versions`;
/** The templates as they are being edited (the current version's, once released). */
export const TEMPLATE_SOURCE = `${TEMPLATES_FOLDER}/${TEMPLATE_ID}/new`;

const VERSION = /^(\d+)\.(\d+)\.(\d+)$/;
const LAGS: readonly AllowedLag[] = ["none", "patch", "minor"];

/** Reads and checks template.json; the error says which field is wrong and how to write it. */
export function readTemplateConfig(tree: Tree): TemplateConfig {
  if (!tree.exists(TEMPLATE_CONFIG)) {
    throw new Error(
      `${TEMPLATE_CONFIG} is missing: the service templates are not in this workspace. Restore generators/service from the platform repository.`,
    );
  }
  const raw = readJson<Record<string, unknown>>(tree, TEMPLATE_CONFIG);
  const policy = (raw.upgradePolicy ?? {}) as { allowedLag?: unknown };
  const allowedLag = policy.allowedLag ?? "patch";
  if (raw.id !== TEMPLATE_ID || typeof raw.version !== "string" || !VERSION.test(raw.version)) {
    throw new Error(
      `${TEMPLATE_CONFIG} must be {"id": "${TEMPLATE_ID}", "version": "<major.minor.patch>", ...}.`,
    );
  }
  if (!LAGS.includes(allowedLag as AllowedLag)) {
    throw new Error(
      `${TEMPLATE_CONFIG}: "upgradePolicy.allowedLag" is ${JSON.stringify(allowedLag)}; use one of ${LAGS.map((lag) => `"${lag}"`).join(", ")}.`,
    );
  }
  const answerDefaults = raw.answerDefaults ?? {};
  if (typeof answerDefaults !== "object" || answerDefaults === null) {
    throw new Error(`${TEMPLATE_CONFIG}: "answerDefaults" must be an object of answer: default.`);
  }
  return {
    id: raw.id,
    version: raw.version,
    answerDefaults: answerDefaults as Record<string, unknown>,
    allowedLag: allowedLag as AllowedLag,
  };
}

/** `1.2.3` → `[1, 2, 3]`; undefined when it is not a version. */
export function parseVersion(version: string): [number, number, number] | undefined {
  const match = VERSION.exec(version);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a) ?? [0, 0, 0];
  const y = parseVersion(b) ?? [0, 0, 0];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** The versions in the archive, oldest first. */
export function archivedVersions(tree: Tree): string[] {
  if (!tree.exists(TEMPLATE_ARCHIVE)) return [];
  return tree
    .children(TEMPLATE_ARCHIVE)
    .filter((name) => parseVersion(name) !== undefined)
    .sort(compareVersions);
}

/**
 * Whether `version` is within the policy's lag of `current`: with "patch", 1.4.0 may run 1.4.x
 * but not 1.3.x; with "minor", 1.x.y is fine but not 0.x.y; with "none", only `current` is.
 */
export function withinAllowedLag(version: string, current: string, lag: AllowedLag): boolean {
  const [v, c] = [parseVersion(version), parseVersion(current)];
  if (!v || !c) return false;
  if (compareVersions(version, current) >= 0) return true;
  if (lag === "none") return false;
  if (lag === "patch") return v[0] === c[0] && v[1] === c[1];
  return v[0] === c[0];
}
