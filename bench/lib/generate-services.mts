/**
 * Child process of {@link generateServices} (lib/services.mts), started in the workspace it
 * writes to (`node --import tsx generate-services.mts <root> <services as JSON>`): Nx's devkit
 * reads the workspace it was started in, so the generator runs with that workspace's own code and
 * templates. Calls `serviceGenerator()` once per service on one Nx tree, then flushes it once and
 * runs each generator's callback, as `nx g` does.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import type { ServiceGeneratorSchema } from "../../tools/platform/src/generators/service/schema";

const [root, servicesJson] = process.argv.slice(2);
if (!root || !servicesJson) throw new Error("Usage: generate-services.mts <root> <services JSON>");
const services: ServiceGeneratorSchema[] = JSON.parse(servicesJson);

const require = createRequire(join(root, "tools/platform/package.json"));
const { FsTree, flushChanges } = require("nx/src/generators/tree");
const { serviceGenerator } = require(
  join(root, "tools/platform/src/generators/service/generator.ts"),
);
const tree = new FsTree(root, false);
const callbacks: (() => void)[] = [];
for (const service of services) callbacks.push(await serviceGenerator(tree, service));
flushChanges(root, tree.listChanges());
for (const callback of callbacks) callback();
