import { join } from "node:path";
import { logger, type Tree } from "@nx/devkit";
import { renderIntoTree } from "../../hygen";
import { camelCase, kebabCase, validateComponentName } from "../shared/component-name";
import { readLinkTypes, withLink } from "../shared/link-types";
import { literal, readService, requireAnchor } from "../shared/service";
import type { ConsumerGeneratorSchema } from "./schema";

const INFRA_ANCHORS = [
  /^\/\/\/ <reference path="\.\.\/\.sst\/platform\/config\.d\.ts" \/>$/m,
  /^export function infra\(\) \{$/m,
];

/**
 * `nx g @acme/platform:consumer <service> --name Payments`: a queue (its dead-letter queue comes
 * from the conventions) and a consumer function with its test, through the hygen templates in
 * generators/consumer/new. Every check runs before anything is written; a second run with the
 * same name finds its files and changes nothing.
 */
export async function consumerGenerator(
  tree: Tree,
  options: ConsumerGeneratorSchema,
): Promise<void> {
  const service = readService(tree, options.service);
  for (const anchor of INFRA_ANCHORS)
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
      linkTypes: withLink(readLinkTypes(tree, service), componentName, "sst.aws.Queue"),
      skip: {
        import: literal(`import { ${functionName} } from "./${fileBase(componentName)}";`),
        call: `\\n  ${functionName}\\(\\);\\n`,
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
    tree.exists(`${root}/infra/${base}.ts`) &&
    infra.includes(`\n  ${camelCase(name)}Consumer();\n`)
  );
}

export default consumerGenerator;
