import type { Tree } from "@nx/devkit";
import { readJson } from "../shared/devkit";
import { pascalCase } from "./names";
import type { ServiceAnswers } from "./validate";

/** Where the service templates live, relative to the workspace root. */
export const TEMPLATES_FOLDER = "generators";
export const TEMPLATE_ID = "service";
export const TEMPLATE_ACTION = "new";

/** A linked resource as SST types it in sst-env.d.ts: name and sorted `[property, type]` pairs. */
export interface LinkedResourceType {
  name: string;
  properties: [string, string][];
}

/** Everything the templates can use (see generators/service/README.md). */
export interface ServiceVariables extends Omit<ServiceAnswers, "schedule"> {
  /**
   * The npm scope and GitHub organisation, e.g. `acme`. (Not called `scope`: EJS takes a
   * variable of that name as its own option.)
   */
  org: string;
  /** `@<scope>/<name>`. */
  packageName: string;
  /** `orders-api` → `OrdersApi`. */
  pascalName: string;
  /** The cron schedule, or "" for other kinds. */
  schedule: string;
  /** From generators/service/template.json. */
  templateVersion: string;
  /** The normalised answers, recorded as provenance. */
  answers: ServiceAnswers;
  /** The infra variables linked to the service's function, e.g. `["database", "bucket"]`. */
  links: string[];
  /** The resources SST writes into sst-env.d.ts for this service, sorted as SST sorts them. */
  resources: LinkedResourceType[];
}

/** The version of the template, from `generators/service/template.json` in the tree. */
export function templateVersion(tree: Tree): string {
  const path = `${TEMPLATES_FOLDER}/${TEMPLATE_ID}/template.json`;
  if (!tree.exists(path)) {
    throw new Error(
      `${path} is missing: the service templates are not in this workspace. Restore generators/service from the platform repository.`,
    );
  }
  const { id, version } = readJson<{ id?: string; version?: string }>(tree, path);
  if (id !== TEMPLATE_ID || typeof version !== "string" || !/^\d+\.\d+\.\d+$/.test(version)) {
    throw new Error(`${path} must be {"id": "service", "version": "<major.minor.patch>"}.`);
  }
  return version;
}

export function serviceVariables(
  answers: ServiceAnswers,
  scope: string,
  version: string,
): ServiceVariables {
  const links = [
    ...(answers.database === "postgres" ? ["database"] : []),
    ...(answers.bucket ? ["bucket"] : []),
  ];
  return {
    ...answers,
    schedule: answers.schedule ?? "",
    org: scope,
    packageName: `@${scope}/${answers.name}`,
    pascalName: pascalCase(answers.name),
    templateVersion: version,
    answers,
    links,
    resources: linkedResourceTypes(answers),
  };
}

/**
 * What sst-env.d.ts types: exactly the resources the service's functions link (the same file
 * `sst-offline types` renders from the evaluated infra, which `nx link-types <service> --check`
 * compares), with the properties of each component's `getSSTLink()`, each typed from its value,
 * plus `type`. Keys are sorted by byte order, as SST's Go code does.
 */
export function linkedResourceTypes(answers: ServiceAnswers): LinkedResourceType[] {
  const resources: LinkedResourceType[] = [];
  const add = (name: string, type: string, properties: Record<string, string>) =>
    resources.push({
      name,
      properties: Object.entries({ ...properties, type: JSON.stringify(type) }).sort(byBytes),
    });
  if (answers.kind === "worker") add("Queue", "sst.aws.Queue", { url: "string" });
  if (answers.database === "postgres") {
    add("Database", "sst.aws.Postgres", {
      database: "string",
      host: "string",
      password: "string",
      port: "number",
      username: "string",
    });
  }
  if (answers.bucket) add("Bucket", "sst.aws.Bucket", { name: "string" });
  return resources.sort((a, b) => byBytes([a.name], [b.name]));
}

function byBytes(a: readonly [string, ...unknown[]], b: readonly [string, ...unknown[]]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
