import {
  components,
  deadLetterQueueName,
  isDeadLetterQueueName,
  type PhysicalName,
  roomFor,
} from "@acme/contract";
import type { Tree } from "@nx/devkit";
import { readLinkTypes } from "./link-types";
import type { ExistingService } from "./service";
import { GrowError } from "./service";

/** SST keeps this name (in any case) for its own link, `Resource.App`. */
const SST_RESERVED = "app";

/** A component name as SST's links name it: PascalCase, e.g. `Payments`, `OrderImages`. */
const COMPONENT_NAME = /^[A-Z][A-Za-z0-9]*$/;

/** `OrderImages` → `order-images`, for file names. */
export function kebabCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/** `OrderImages` → `orderImages`, for variables. */
export function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * Checks a new component's name: PascalCase, not a dead-letter queue's name, neither it nor the
 * components it comes with (`alsoCreates`: a consumer's function) taken by the service (its
 * template's components, its linked resources, the components its infra creates) in any case,
 * no file the command would add already there, and short enough that AWS keeps every physical
 * name it makes whole.
 */
export function validateComponentName(
  tree: Tree,
  service: ExistingService,
  value: unknown,
  physical: (name: string) => PhysicalName[],
  files: (name: string) => string[],
  alsoCreates: (name: string) => string[] = () => [],
): string {
  const name = typeof value === "string" ? value.trim() : "";
  if (!COMPONENT_NAME.test(name)) {
    const suggestion = name
      .split(/[^A-Za-z0-9]+/)
      .filter(Boolean)
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join("");
    throw new GrowError(
      `--name "${name}" must be PascalCase (a capital letter, then letters and digits), as SST names components${suggestion && /^[A-Z]/.test(suggestion) ? `, e.g. "${suggestion}"` : ""}.`,
    );
  }
  if (isDeadLetterQueueName(name)) {
    throw new GrowError(
      `--name "${name}" ends in "Dlq", which the platform reserves for dead-letter queues. Choose another name.`,
    );
  }
  if (name.toLowerCase() === SST_RESERVED) {
    throw new GrowError(
      `--name "${name}" is reserved by SST: its link "App" gives every function the app's name and stage. Choose another name.`,
    );
  }
  // SST refuses two components whose names differ only in case ("Component name ... is not unique").
  const taken = takenNames(tree, service);
  const clash = [name, ...alsoCreates(name)]
    .map((created) => taken.find((other) => other.toLowerCase() === created.toLowerCase()))
    .find((other) => other !== undefined);
  if (clash !== undefined) {
    throw new GrowError(
      `${service.name} already has a component or link named "${clash}". Choose another name.`,
    );
  }
  for (const file of files(name)) {
    if (tree.exists(file)) {
      throw new GrowError(
        `${file} already exists. Choose another --name, or remove the file first.`,
      );
    }
  }
  for (const resource of physical(name)) {
    const room = roomFor(resource);
    if (service.name.length > room) {
      throw new GrowError(
        `--name "${name}" is too long for ${service.name}: SST names its ${resource.what} "${service.name}-<stage>-${resource.resource}-<8 random>", and AWS allows ${resource.awsLimit} characters. Choose a name at most ${name.length - (service.name.length - room)} characters long.`,
      );
    }
  }
  return name;
}

/** An SST component created in infra code: `new sst.aws.Function("PaymentsConsumer", ...`. */
const COMPONENT = /new sst\.(?:aws\.)?([A-Za-z0-9]+)\(\s*"([A-Za-z0-9]+)"/g;

/**
 * The template's components (cron's function included), the service's linked resources, and
 * every component its infra files create (a consumer's function, say), each queue with the
 * dead-letter queue the conventions give it.
 */
function takenNames(tree: Tree, service: ExistingService): string[] {
  const infra = `${service.root}/infra`;
  const created = (tree.exists(infra) ? tree.children(infra) : [])
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
    .flatMap((file) => [...(tree.read(`${infra}/${file}`, "utf-8") ?? "").matchAll(COMPONENT)])
    .flatMap(([, type, name = ""]) =>
      type === "Queue" && !isDeadLetterQueueName(name) ? [name, deadLetterQueueName(name)] : [name],
    );
  return [
    ...Object.values(components),
    // CronV2 names its function `<name>Handler`.
    `${components.job}Handler`,
    ...readLinkTypes(tree, service).map((resource) => resource.name),
    ...created,
  ];
}
