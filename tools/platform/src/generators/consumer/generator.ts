import { join } from "node:path";
import type { Tree } from "@nx/devkit";
import { renderIntoTree } from "../../hygen";
import { logger } from "../shared/devkit";
import { camelCase, kebabCase, validateComponentName } from "../shared/component-name";
import { consumerCall, consumerLines, DATABASE_READY } from "../shared/consumer-lines";
import { readLinkTypes, withLink } from "../shared/link-types";
import { type ExistingService, literal, readService, requireAnchor } from "../shared/service";
import type { ConsumerGeneratorSchema } from "./schema";

const REFERENCE = /^\/\/\/ <reference path="\.\.\/\.sst\/platform\/config\.d\.ts" \/>$/m;
const INFRA_START = /^export function infra\(\) \{$/m;

/**
 * `nx g @acme/platform:consumer <service> --name Payments`: a queue (its dead-letter queue comes
 * from the conventions) and a consumer function with its test, through the hygen templates in
 * generators/consumer/new. On a service with a database, the function runs in its VPC and links
 * it, as the service's own function does, and infra() calls it once both exist. Every check runs
 * before anything is written; a second run with the same name finds its files and changes nothing.
 */
export async function consumerGenerator(
  tree: Tree,
  options: ConsumerGeneratorSchema,
): Promise<void> {
  const service = readService(tree, options.service);
  const database = hasDatabase(service);
  const callAfter = database ? new RegExp(`^${literal(DATABASE_READY)}$`, "m") : INFRA_START;
  for (const anchor of [REFERENCE, callAfter])
    requireAnchor(tree, `${service.root}/infra/index.ts`, anchor, "the consumer");
  const fileBase = (name: string) => `${kebabCase(name)}-consumer`;
  const given = typeof options.name === "string" ? options.name.trim() : "";
  if (isAlreadyAdded(tree, service.root, given, fileBase(given))) {
    logger.info(`${service.name} already has the ${given} consumer: nothing to change.`);
    return;
  }
  const componentName = validateComponentName(
    tree,
    service,
    options.name,
    (name) => [
      { resource: `${name}ConsumerFunction`, awsLimit: 64, what: "Lambda function" },
      { resource: `${name}DlqQueue`, awsLimit: 80, what: "SQS queue" },
    ],
    (name) => [
      `${service.root}/infra/${fileBase(name)}.ts`,
      `${service.root}/src/${fileBase(name)}.ts`,
    ],
    (name) => [`${name}Consumer`],
  );
  const functionName = `${camelCase(componentName)}Consumer`;
  await renderIntoTree(tree, {
    templates: join(tree.root, "generators"),
    generator: "consumer",
    action: "new",
    variables: {
      service: service.name,
      org: service.org,
      componentName,
      functionName,
      fileBase: fileBase(componentName),
      database,
      consumerLines,
      anchor: { call: callAfter.source },
      linkTypes: withLink(readLinkTypes(tree, service), componentName, "sst.aws.Queue"),
      skip: {
        import: literal(`import { ${functionName} } from "./${fileBase(componentName)}";`),
        call: `\\n${literal(consumerCall(functionName, database))}\\n`,
      },
    },
  });
  logger.info(
    `Added the ${componentName} queue and its consumer to ${service.name}. Next: nx test ${service.name}`,
  );
}

/** The consumer's infra file exists and infra/index.ts calls it: a repeated run. */
function isAlreadyAdded(tree: Tree, root: string, name: string, base: string): boolean {
  const infra = tree.read(`${root}/infra/index.ts`, "utf-8") ?? "";
  return (
    name !== "" &&
    // The exact name, not only its file: "payments" finds payments-consumer.ts too.
    (tree.read(`${root}/infra/${base}.ts`, "utf-8") ?? "").includes(
      `new sst.aws.Queue("${name}")`,
    ) &&
    new RegExp(`\n  ${camelCase(name)}Consumer\\(.*\\);\n`).test(infra)
  );
}

/**
 * The service has its database (made with --database postgres or given it by resource --type
 * postgres, which both record the answer): its consumers need the VPC and the link to reach it.
 */
function hasDatabase(service: ExistingService): boolean {
  return service.answers.database === "postgres";
}

export default consumerGenerator;
