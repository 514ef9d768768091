import { join } from "node:path";
import { MAX_STAGE_LENGTH, maxServiceNameLength } from "@acme/contract";
import type { Tree } from "@nx/devkit";
import { renderIntoTree } from "../../hygen";
import { mergeContent } from "../../upgrade/merge/file";
import { readProvenance } from "../../upgrade/provenance";
import { logger, updateJson } from "../shared/devkit";
import { readLinkTypes, withLink } from "../shared/link-types";
import { type ExistingService, GrowError, literal, requireAnchor } from "../shared/service";
import { linkConsumers } from "./postgres-consumers";
import {
  INFRA_START,
  MIGRATIONS_TEST,
  type PostgresPieces,
  postgresPieces,
} from "./postgres-pieces";

/** The one database of a service: the name the service template, its Migrator and docs use. */
export const DATABASE_NAME = "Database";

/**
 * `nx g @acme/platform:resource <service> --type postgres --name Database`: what
 * `nx g @acme/platform:service --database postgres` gives a service, added to one made without
 * it: the Vpc, the Postgres, the service's function and the consumers added by
 * `nx g @acme/platform:consumer` in the VPC and linked to it, the Migrator
 * invoked on deploy, the first migration, src/database.ts and src/migrate.ts, the app on the
 * database, the link type and tests. The text comes from the service template itself
 * (postgres-pieces.ts); the hygen templates in generators/resource/postgres say where it goes
 * (inject + skip_if). The recorded answer becomes `database: postgres`, so that the upgrade's
 * base is the template's Postgres rendering and keeps (and updates) what this adds.
 * Returns undefined when the service already has this database (nothing to change), else
 * whether package.json gained dependencies (to install).
 */
export async function addPostgres(
  tree: Tree,
  service: ExistingService,
  name: unknown,
): Promise<{ install: boolean } | undefined> {
  refuseKindOrName(service, name);
  if (hasThisDatabase(tree, service)) return undefined;
  refuseOtherPostgres(tree, service);
  refuseLongName(service);
  const version = readProvenance(tree, service.root, service.org).templateVersion;
  const pieces = await postgresPieces(tree, service, version);
  const infra = checkPlaces(tree, service, pieces);
  const consumers = linkConsumers(tree, service, infra);

  tree.write(
    `${service.root}/infra/index.ts`,
    consumers.index(infra.replace(pieces.link.without, pieces.link.with)),
  );
  for (const file of [...pieces.files, ...consumers.files]) tree.write(file.path, file.content);
  await renderPieces(tree, service, pieces);
  const kept = mergeCode(tree, pieces);
  const install = addDependencies(tree, service, pieces);
  recordAnswer(tree, service);
  report(service, pieces, kept);
  return { install };
}

function refuseKindOrName(service: ExistingService, name: unknown): void {
  if (service.kind === "cron") {
    throw new GrowError(
      `${service.name} is a cron job: a database applies to http and worker services only, as with nx g @${service.org}/platform:service --database postgres. Data belongs to the service that owns it, which a scheduled job is not: give the data to an http or worker service and call it from the job.`,
    );
  }
  const given = typeof name === "string" ? name.trim() : "";
  if (given !== DATABASE_NAME) {
    throw new GrowError(
      `A service has one database, named ${DATABASE_NAME} (its Migrator, src/migrate.ts and the docs use that name): use --name ${DATABASE_NAME}, not "${given}".`,
    );
  }
}

/**
 * Every line the pieces go at is still there, and no file they add exists: checked before
 * anything is written. Returns infra/index.ts as it is.
 */
function checkPlaces(tree: Tree, service: ExistingService, pieces: PostgresPieces): string {
  const index = `${service.root}/infra/index.ts`;
  const infra = requireAnchor(tree, index, /\n\}\n/, "the Migrator");
  for (const [line, what] of [
    ['/// <reference path="../.sst/platform/config.d.ts" />', "the imports"],
    [INFRA_START, "the database"],
    [pieces.link.without, "the database's link"],
  ] as const) {
    if (!infra.split("\n").includes(line)) {
      throw new GrowError(
        `${index} no longer has the line "${line.trim()}", where the command adds ${what}. Restore it (see generators/service/new/infra-index.ts.ejs.t), or add Postgres by hand as that template does.`,
      );
    }
  }
  requireAnchor(
    tree,
    `${service.root}/infra/infra.test.ts`,
    new RegExp(`^${literal(pieces.infraTests.before)}$`, "m"),
    "the database's tests",
  );
  for (const file of pieces.files) {
    if (tree.exists(file.path)) {
      throw new GrowError(
        `${file.path} exists already; the command would write the service template's one there. Move yours aside (or add Postgres by hand), then run it again.`,
      );
    }
  }
  return infra;
}

function report(service: ExistingService, pieces: PostgresPieces, kept: string[]): void {
  const migration = pieces.files.find((file) => file.path.includes("/migrations/"));
  logger.info(
    `Added the ${DATABASE_NAME} Postgres to ${service.name}: a VPC, its functions in it and linked to it, the Migrator run on deploy and by nx serve, and ${migration?.path ?? "migrations/"}. Next: nx test ${service.name}`,
  );
  if (kept.length > 0) {
    logger.warn(
      `Your edits to ${kept.join(", ")} overlap the template's Postgres version of them, so they are left as they are: the app keeps its own storage. To use the database, connect it as docs/services.md ("Reach the database") shows, e.g. connectPostgres<Database>("${DATABASE_NAME}") in the handler.`,
    );
  }
}

/**
 * The app, its handler and tests move to the template's Postgres version where they are still the
 * template's (a three-way merge keeps the team's other edits). They change together or not at
 * all: the handler passing the database to an app that takes none would not compile.
 * Returns the files left as they are.
 */
function mergeCode(tree: Tree, pieces: PostgresPieces): string[] {
  const labels = { ours: "yours", base: "template", theirs: "template with Postgres" };
  const merged = pieces.code.flatMap((file) => {
    const ours = tree.read(file.path);
    return ours === null
      ? []
      : [{ path: file.path, ...mergeContent(file.without, ours, file.with, labels) }];
  });
  if (merged.some((file) => file.conflicts > 0)) return merged.map((file) => file.path);
  for (const file of merged) tree.write(file.path, file.content);
  return [];
}

/**
 * The service now is what `--database postgres` makes: its recorded answer says so, so that the
 * upgrade merges the template's Postgres changes, and rename and nx serve know the database.
 */
function recordAnswer(tree: Tree, service: ExistingService): void {
  updateJson(tree, `${service.root}/package.json`, (manifest) => {
    manifest.shipyard.answers.database = "postgres";
    return manifest;
  });
}

/** A repeated run: infra/index.ts creates the Database and src/migrate.ts runs its migrations. */
function hasThisDatabase(tree: Tree, service: ExistingService): boolean {
  const infra = tree.read(`${service.root}/infra/index.ts`, "utf-8") ?? "";
  return (
    new RegExp(`new sst\\.aws\\.Postgres\\(\\s*"${DATABASE_NAME}"`).test(infra) &&
    tree.exists(`${service.root}/src/migrate.ts`)
  );
}

function refuseOtherPostgres(tree: Tree, service: ExistingService): void {
  const infraFolder = `${service.root}/infra`;
  for (const file of tree.exists(infraFolder) ? tree.children(infraFolder) : []) {
    const content = tree.read(`${infraFolder}/${file}`, "utf-8") ?? "";
    if (/new sst\.aws\.Postgres\(/.test(content) || /\bsst\.aws\.Postgres\.get\(/.test(content)) {
      throw new GrowError(
        `${service.name} already has a Postgres (${infraFolder}/${file}). A service has one database, and the command adds its Migrator and migrations/: add the tables you need there as a new migration (docs/services.md, "Write a migration").`,
      );
    }
  }
}

/** The database's AWS names (RDS instance, NAT role, Migrator) must fit, as for a new service. */
function refuseLongName(service: ExistingService): void {
  const { max, binding } = maxServiceNameLength(service.kind, {
    database: "postgres",
    bucket: service.answers.bucket === true,
  });
  if (service.name.length > max) {
    throw new GrowError(
      `${service.name} is ${service.name.length} characters; with a database at most ${max} fit: SST names its ${binding.what} "${service.name}-<stage>-${binding.resource}-<8 random>", and AWS allows ${binding.awsLimit} characters (stages of up to ${MAX_STAGE_LENGTH}). Rename the service first (nx g @${service.org}/platform:rename-service), or add the database by hand with shorter component names.`,
    );
  }
}

async function renderPieces(
  tree: Tree,
  service: ExistingService,
  pieces: PostgresPieces,
): Promise<void> {
  const common = { service: service.name, org: service.org };
  await renderIntoTree(tree, {
    templates: join(tree.root, "generators"),
    generator: "resource",
    action: "postgres",
    variables: {
      ...common,
      pieces,
      anchor: {
        reference: `^${literal('/// <reference path="../.sst/platform/config.d.ts" />')}$`,
        infra: `^${literal(INFRA_START)}$`,
        link: `^${literal(pieces.link.with)}$`,
        infraEnd: "^\\}$",
        infraTests: `^${literal(pieces.infraTests.before)}$`,
      },
      skip: {
        imports: literal(pieces.imports.split("\n")[0] ?? ""),
        database: `new sst\\.aws\\.Postgres\\(\\s*"${DATABASE_NAME}"`,
        vpc: literal(`${pieces.link.with}\n${pieces.vpc}\n`),
        migrator: "\\nfunction migrateOnDeploy\\(",
        infraTests: literal(MIGRATIONS_TEST),
      },
    },
  });
  // The link type, the test on the embedded Postgres and the infra test: the templates every
  // resource type uses (generators/resource/new), without its line in infra/resources.ts.
  const fileBase = "database-postgres";
  await renderIntoTree(tree, {
    templates: join(tree.root, "generators"),
    generator: "resource",
    action: "new",
    subaction: "sst-env|resource\\.test|resource\\.infra\\.test",
    variables: {
      ...common,
      type: "postgres",
      kind: service.kind,
      componentName: DATABASE_NAME,
      constructor: "new sst.aws.Postgres",
      placeholder: false,
      pulumiType: "sst:aws:Postgres",
      awsType: "aws:rds/instance:Instance",
      awsSuffix: "Instance",
      holdsData: true,
      fileBase,
      linkTypes: withLink(readLinkTypes(tree, service), DATABASE_NAME, "sst.aws.Postgres"),
      skip: { entry: "" },
    },
  });
}

/** Dependencies the template's Postgres rendering has and the service's package.json lacks. */
function addDependencies(tree: Tree, service: ExistingService, pieces: PostgresPieces): boolean {
  const missing = Object.entries(pieces.dependencies).filter(
    ([, dependencies]) => Object.keys(dependencies).length > 0,
  );
  if (missing.length === 0) return false;
  updateJson(tree, `${service.root}/package.json`, (manifest) => {
    for (const [key, dependencies] of missing) {
      manifest[key] = Object.fromEntries(
        Object.entries({ ...dependencies, ...manifest[key] }).sort(([a], [b]) =>
          a < b ? -1 : a > b ? 1 : 0,
        ),
      );
    }
    return manifest;
  });
  return true;
}
