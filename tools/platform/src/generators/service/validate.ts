import {
  DEFAULT_SCHEDULE,
  layout,
  MAX_STAGE_LENGTH,
  maxServiceNameLength,
  SERVICE_KINDS,
  SERVICE_NAME_PATTERN,
  type ServiceKind,
  scheduleProblem,
} from "@acme/contract";
import type { Tree } from "@nx/devkit";
import { getProjects, readJson } from "../shared/devkit";
import { occupant, unwritable } from "./disk";
import type { ServiceGeneratorSchema } from "./schema";

/**
 * Names a service cannot have, and why. Each would collide with, or read as, something the
 * workspace or AWS already uses.
 */
export const RESERVED_NAMES: Readonly<Record<string, string>> = {
  platform: "the workspace package @acme/platform (this Nx plugin)",
  infra: "the workspace package @acme/infra (the shared SST platform and conventions)",
  runtime: "the workspace package @acme/runtime (the services' runtime library)",
  "sst-offline": "the workspace package @acme/sst-offline (the offline SST evaluator)",
  source: "the workspace root package @acme/source",
  shipyard: "the platform's own name, used in provenance (package.json#shipyard)",
  sst: 'SST itself: `import "sst"`, the sst CLI and the .sst folders',
  aws: "AWS: names starting with aws read as AWS-owned, and AWS reserves the prefix in places (SSM parameters, IAM paths)",
  amazon: "AWS: names starting with amazon read as AWS-owned",
  nx: "Nx itself (`nx <target> nx` and the nx package read ambiguously)",
  test: "the test target (`nx test test`) and the test stage",
  apps: "the workspace folder apps/ (apps/apps, /apps/apps/ in CODEOWNERS)",
  packages: "the workspace folder packages/",
  tools: "the workspace folder tools/",
  generators: "the workspace folder generators/ (the templates)",
  docs: "the workspace folder docs/",
};

/** A GitHub team slug: lowercase letter, then lowercase letters, digits or hyphens (2 to 39). */
export const OWNER_PATTERN = /^[a-z][a-z0-9-]{1,38}$/;
export { DEFAULT_SCHEDULE, scheduleProblem };

/** The answers after validation: what the templates get and what provenance records. */
export interface ServiceAnswers {
  name: string;
  kind: ServiceKind;
  owner: string;
  description: string;
  database: "postgres" | "none";
  bucket: boolean;
  /** Only for cron services. */
  schedule?: string;
}

/** One or more problems with the generator's options; the message lists each with its fix. */
export class ServiceOptionsError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? (problems[0] as string)
        : `The service cannot be created:\n${problems.map((problem) => `- ${problem}`).join("\n")}`,
    );
    this.name = "ServiceOptionsError";
  }
}

/** `Orders_API` → `orders-api`, a suggestion for a name that is not kebab-case. */
export function toKebabCase(value: string): string {
  const kebab = value
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^[^a-z]+/, "")
    .replace(/-+$/, "");
  return kebab || "orders";
}

/** The npm scope of the workspace (`acme` for a root package named `@acme/source`). */
export function workspaceScope(tree: Tree): string {
  const name = tree.exists("package.json") ? readJson(tree, "package.json").name : undefined;
  const scope = typeof name === "string" ? /^@([a-z0-9][a-z0-9._-]*)\//.exec(name)?.[1] : undefined;
  if (!scope) {
    throw new ServiceOptionsError([
      `The root package.json has no npm scope in its name ("${name ?? ""}"): services are named @<scope>/<name> and owners @<scope>/<team>. Name the root package "@<your-org>/source".`,
    ]);
  }
  return scope;
}

/**
 * Check every option before anything is written, and normalise them. Throws a
 * {@link ServiceOptionsError} listing every problem, each with its fix.
 */
export function validateOptions(
  tree: Tree,
  options: ServiceGeneratorSchema,
  scope: string,
): ServiceAnswers {
  const problems: string[] = [];
  const kind = validateKind(options.kind, problems);
  const name = validateName(tree, options, kind, scope, problems);
  const owner = validateOwner(options.owner, scope, problems);

  const description = typeof options.description === "string" ? options.description.trim() : "";
  if (/[\r\n]/.test(description)) {
    problems.push("The description must be one line: write it as a single sentence.");
  }

  let database: ServiceAnswers["database"] = "none";
  if (options.database !== undefined && options.database !== null && options.database !== "none") {
    if (options.database !== "postgres") {
      problems.push(
        `Unknown database "${options.database}": use --database postgres, or --database none (or leave the option out) for none.`,
      );
    } else if (kind === "cron") {
      problems.push(
        "--database applies to http and worker services only: data belongs to the service that owns it, which a scheduled job is not. Create the service as --kind worker (or http) with --database postgres, or drop --database and call the owning service from the job.",
      );
    } else {
      database = "postgres";
    }
  }

  if (options.bucket !== undefined && typeof options.bucket !== "boolean") {
    problems.push(`--bucket is a flag (true or false), got "${String(options.bucket)}".`);
  }

  let schedule: string | undefined;
  if (kind === "cron") {
    schedule = (options.schedule ?? DEFAULT_SCHEDULE).trim();
    const problem = scheduleProblem(schedule);
    if (problem) problems.push(problem);
  } else if (options.schedule !== undefined && kind !== undefined) {
    problems.push(
      `--schedule applies to cron services only, and this is ${kind === "http" ? "an" : "a"} ${kind} service. Drop --schedule, or create the service with --kind cron.`,
    );
  }

  if (problems.length > 0) throw new ServiceOptionsError(problems);
  return {
    name: name as string,
    kind: kind as ServiceKind,
    owner: owner as string,
    description:
      description ||
      `The ${name} ${kind === "http" ? "HTTP API" : kind === "worker" ? "queue worker" : "scheduled job"}.`,
    database,
    bucket: options.bucket === true,
    ...(schedule === undefined ? {} : { schedule }),
  };
}

function validateKind(kind: unknown, problems: string[]): ServiceKind | undefined {
  if (typeof kind === "string" && (SERVICE_KINDS as readonly string[]).includes(kind)) {
    return kind as ServiceKind;
  }
  problems.push(
    kind === undefined || kind === ""
      ? `The service kind is required: pass --kind ${SERVICE_KINDS.join("|")}.`
      : `Unknown service kind "${String(kind)}": use --kind http (an HTTP API), worker (an SQS consumer) or cron (a scheduled job).`,
  );
  return undefined;
}

function validateName(
  tree: Tree,
  options: ServiceGeneratorSchema,
  kind: ServiceKind | undefined,
  scope: string,
  problems: string[],
): string | undefined {
  const name = typeof options.name === "string" ? options.name.trim() : "";
  if (name === "") {
    problems.push(
      'The service name is required: nx g @acme/platform:service <name> (kebab-case, e.g. "orders").',
    );
    return undefined;
  }
  if (/^[0-9]/.test(name)) {
    problems.push(
      `Service name "${name}" must start with a letter (npm, SST and AWS names read badly with a leading digit), e.g. "${toKebabCase(`svc-${name}`)}".`,
    );
    return undefined;
  }
  if (!SERVICE_NAME_PATTERN.test(name)) {
    problems.push(
      `Service name "${name}" must be kebab-case (lowercase letters, digits and single hyphens), e.g. "${toKebabCase(name)}".`,
    );
    return undefined;
  }
  const reserved = RESERVED_NAMES[name];
  if (reserved) {
    problems.push(
      `Service name "${name}" is reserved: it is ${reserved}. Choose a name that says what the service does, e.g. "${name}-api" or "orders".`,
    );
    return undefined;
  }
  if (kind) {
    const { max, binding } = maxServiceNameLength(kind, {
      database: options.database,
      bucket: options.bucket,
    });
    if (name.length > max) {
      const shorter = name.slice(0, max).replace(/-+$/, "");
      problems.push(
        `Service name "${name}" is ${name.length} characters; at most ${max} fit for --kind ${kind}. SST names its ${binding.what} "${name}-<stage>-${binding.resource}-<8 random>", and AWS allows ${binding.awsLimit} characters: with stages of up to ${MAX_STAGE_LENGTH} characters, a longer name gets cut. Choose a shorter name, e.g. "${shorter}".`,
      );
      return undefined;
    }
  }
  const root = `apps/${name}`;
  const packageName = `@${scope}/${name}`;
  for (const [projectName, project] of getProjects(tree)) {
    if (projectName === packageName || projectName === name || project.root === root) {
      problems.push(
        project.root.startsWith(`${layout.servicesDir}/`)
          ? `A project named "${projectName}" already exists in ${project.root}. Choose another service name, or change the existing service in ${project.root} by hand.`
          : `Service name "${name}" is taken by the project "${projectName}" (${project.root === "." ? "the workspace root" : project.root}), which is not a service. Choose another service name.`,
      );
      return undefined;
    }
  }
  if (tree.exists(root)) {
    problems.push(
      `The folder ${root} already exists. Choose another service name, or move ${root} away first.`,
    );
    return undefined;
  }
  const occupied = occupant(tree.root, root);
  if (occupied) {
    problems.push(`${occupied}. Choose another service name, or remove ${root} first.`);
    return undefined;
  }
  const blocked = unwritable(tree.root, `${root}/package.json`);
  if (blocked) {
    problems.push(`${blocked}, so ${root} cannot be created. Move it away first.`);
    return undefined;
  }
  return name;
}

function validateOwner(owner: unknown, scope: string, problems: string[]): string | undefined {
  let slug = typeof owner === "string" ? owner.trim() : "";
  if (slug === "") {
    problems.push(
      `The owning team is required: pass --owner <team>, the GitHub team slug (e.g. payments for @${scope}/payments).`,
    );
    return undefined;
  }
  const qualified = /^@([^/]+)\/(.*)$/.exec(slug);
  if (qualified) {
    if (qualified[1] !== scope) {
      problems.push(
        `Owner "${slug}" is a team of another organisation: owners are teams of @${scope}. Pass the team slug alone, e.g. --owner ${toKebabCase(qualified[2] ?? "")}.`,
      );
      return undefined;
    }
    slug = qualified[2] ?? "";
  }
  if (!OWNER_PATTERN.test(slug)) {
    problems.push(
      `Owner "${String(owner)}" is not a GitHub team slug (a lowercase letter, then 1 to 38 lowercase letters, digits or hyphens). Pass the team's slug as in https://github.com/orgs/${scope}/teams/<slug>, e.g. --owner ${ownerExample(slug)}.`,
    );
    return undefined;
  }
  return slug;
}

/**
 * Every file the tree would write can be written: checked after rendering, so that `nx g`, which
 * writes nothing when the generator throws, never stops half way (issue 9, defect 8).
 */
export function assertWritable(tree: Tree): void {
  const problems = tree
    .listChanges()
    .filter((change) => change.type !== "DELETE")
    .flatMap((change) => {
      const reason = unwritable(tree.root, change.path);
      return reason ? [`${reason}, so ${change.path} cannot be written. Move it away first.`] : [];
    });
  if (problems.length > 0) throw new ServiceOptionsError(problems);
}

/** The owner to suggest for a refused one: its kebab-case form when that is a slug, else a sample. */
function ownerExample(refused: string): string {
  const kebab = toKebabCase(refused);
  return OWNER_PATTERN.test(kebab) ? kebab : "payments-team";
}
