import { join } from "node:path";
import type { PhysicalName } from "@acme/contract";
import type { GeneratorCallback, Tree } from "@nx/devkit";
import { renderIntoTree } from "../../hygen";
import { kebabCase, validateComponentName } from "../shared/component-name";
import { installPackages, logger, updateJson } from "../shared/devkit";
import { readLinkTypes, withLink } from "../shared/link-types";
import { GrowError, literal, readService, requireAnchor } from "../shared/service";
import { addPostgres, DATABASE_NAME } from "./postgres";
import type { ResourceGeneratorSchema } from "./schema";

/** What each supported type is in SST: its constructor, link type and component type. */
export const RESOURCE_TYPES = {
  bucket: {
    constructor: "new sst.aws.Bucket",
    placeholder: false,
    linkType: "sst.aws.Bucket",
    pulumiType: "sst:aws:Bucket",
    awsType: "aws:s3/bucket:Bucket",
    awsSuffix: "Bucket",
    holdsData: true,
    physical: (name: string): PhysicalName[] => [
      { resource: `${name}Bucket`, awsLimit: 63, what: "S3 bucket" },
    ],
  },
  queue: {
    constructor: "new sst.aws.Queue",
    placeholder: false,
    linkType: "sst.aws.Queue",
    pulumiType: "sst:aws:Queue",
    awsType: "aws:sqs/queue:Queue",
    awsSuffix: "Queue",
    holdsData: false,
    physical: (name: string): PhysicalName[] => [
      { resource: `${name}DlqQueue`, awsLimit: 80, what: "SQS queue" },
    ],
  },
  table: {
    constructor: "new sst.aws.Dynamo",
    placeholder: false,
    linkType: "sst.aws.Dynamo",
    pulumiType: "sst:aws:Dynamo",
    awsType: "aws:dynamodb/table:Table",
    awsSuffix: "Table",
    holdsData: true,
    physical: (): PhysicalName[] => [],
  },
  secret: {
    constructor: "new sst.Secret",
    /**
     * Outside production a placeholder stands in until the value is set, so that sst dev, the
     * offline evaluation (tests, link types, nx serve) and dev stages work; in production SST
     * refuses to deploy without the value.
     */
    placeholder: true,
    linkType: "sst.sst.Secret",
    pulumiType: "sst:sst:Secret",
    // A secret is an SST resource (its value lives in SST's state), no AWS resource of its own.
    awsType: "",
    awsSuffix: "",
    holdsData: false,
    physical: (): PhysicalName[] => [],
  },
} as const;

type SupportedType = keyof typeof RESOURCE_TYPES;

/** Every type the command takes: the linked resources above, and the service's database. */
export const ALL_RESOURCE_TYPES = [...Object.keys(RESOURCE_TYPES), "postgres"] as const;

/**
 * `nx g @acme/platform:resource <service> --type bucket|queue|table|secret --name Uploads`: the
 * resource in infra/resources.ts (linked to every function), its link type in sst-env.d.ts, a
 * test that uses it and an infra test, through the hygen templates in generators/resource/new.
 * `--type postgres --name Database` adds the service's database instead (./postgres.ts).
 * Every check runs before anything is written; a second run changes nothing.
 */
export async function resourceGenerator(
  tree: Tree,
  options: ResourceGeneratorSchema,
): Promise<GeneratorCallback | undefined> {
  const service = readService(tree, options.service);
  const requested = resourceType(options.type);
  if (requested === "postgres") {
    const added = await addPostgres(tree, service, options.name);
    if (!added) {
      logger.info(`${service.name} already has its ${DATABASE_NAME} Postgres: nothing to change.`);
    }
    // package.json gained a dependency: npm install records it in package-lock.json.
    return added?.install && !options.skipInstall ? () => installPackages(tree) : undefined;
  }
  const type = requested;
  const spec = RESOURCE_TYPES[type];
  const resources = requireAnchor(
    tree,
    `${service.root}/infra/resources.ts`,
    /\n {2}\];\n/,
    "resources",
  );
  const given = typeof options.name === "string" ? options.name.trim() : "";
  const declared = (name: string) => `${literal(spec.constructor)}\\(\\s*"${literal(name)}"`;
  if (given !== "" && new RegExp(declared(given)).test(resources)) {
    logger.info(`${service.name} already has the ${given} ${type}: nothing to change.`);
    return undefined;
  }
  const fileBase = (name: string) => `${kebabCase(name)}-${type}`;
  const componentName = validateComponentName(
    tree,
    service,
    options.name,
    spec.physical,
    (name) => [
      `${service.root}/src/${fileBase(name)}.resource.test.ts`,
      `${service.root}/infra/${fileBase(name)}.infra.test.ts`,
    ],
  );

  await renderIntoTree(tree, {
    templates: join(tree.root, "generators"),
    generator: "resource",
    action: "new",
    variables: {
      service: service.name,
      org: service.org,
      type,
      componentName,
      constructor: spec.constructor,
      placeholder: spec.placeholder,
      pulumiType: spec.pulumiType,
      awsType: spec.awsType,
      awsSuffix: spec.awsSuffix,
      holdsData: spec.holdsData,
      fileBase: fileBase(componentName),
      linkTypes: withLink(readLinkTypes(tree, service), componentName, spec.linkType),
      skip: { entry: declared(componentName) },
    },
  });
  const needsLocal =
    (type === "bucket" || type === "table" || type === "queue") &&
    !tree.read(`${service.root}/package.json`, "utf-8")?.includes(`"@${service.org}/local"`);
  if (needsLocal) {
    // The test of a bucket, table or queue runs against @acme/local's stand-in.
    updateJson(tree, `${service.root}/package.json`, (manifest) => {
      manifest.devDependencies = sortKeys({
        ...manifest.devDependencies,
        [`@${service.org}/local`]: "*",
      });
      return manifest;
    });
  }
  logger.info(
    `Added the ${componentName} ${type} to ${service.name}, linked to its functions. Next: nx test ${service.name}`,
  );
  if (type === "secret") {
    logger.info(
      `Set its value per stage with: npx sst secret set ${componentName} <value> --stage <stage> (in apps/${service.name}); for nx serve, add "${componentName}" to apps/${service.name}/.local/secrets.json.`,
    );
  }
  // package.json gained a dependency: npm install records it in package-lock.json (not on --dry-run).
  return needsLocal && !options.skipInstall ? () => installPackages(tree) : undefined;
}

function resourceType(value: unknown): SupportedType | "postgres" {
  const type = typeof value === "string" ? value.trim() : "";
  if (!(ALL_RESOURCE_TYPES as readonly string[]).includes(type)) {
    throw new GrowError(
      `Unknown resource type "${type}": use --type ${ALL_RESOURCE_TYPES.join("|")}.`,
    );
  }
  return type as SupportedType | "postgres";
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

export default resourceGenerator;
