import { Resource } from "sst";
import { jsonSyntaxErrorWithoutText } from "../errors/json";
import { InvalidResourceError, MissingResourceError } from "./errors";

/** The names of the resources linked to this code, from SST's generated `sst-env.d.ts`. */
export type ResourceName = keyof Resource & string;

const ENV_PREFIX = "SST_RESOURCE_";
const parsed = new Map<string, { raw: string; value: unknown }>();

/** The resource as set in `SST_RESOURCE_<name>` right now, parsed once per value. */
function fromEnvironment(name: string): { value: unknown } | undefined {
  const raw = process.env[`${ENV_PREFIX}${name}`];
  if (!raw) return undefined;
  const cached = parsed.get(name);
  if (cached?.raw === raw) return { value: cached.value };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new InvalidResourceError(name, jsonSyntaxErrorWithoutText(error));
  }
  parsed.set(name, { raw, value });
  return { value };
}

/**
 * Whether SST's `Resource` has the link (`in` does not throw for a missing name, reading does).
 * Its first use parses every `SST_RESOURCE_*` variable: name the one that is not JSON.
 */
function isLinked(name: string): boolean {
  try {
    return name in Resource;
  } catch (error) {
    for (const [key, raw] of Object.entries(process.env)) {
      if (key.startsWith(ENV_PREFIX) && raw) fromEnvironment(key.slice(ENV_PREFIX.length));
    }
    // SST parses its own variables (SST_RESOURCES_JSON...); its parser's message quotes them.
    throw error instanceof SyntaxError ? jsonSyntaxErrorWithoutText(error) : error;
  }
}

/**
 * Read a linked resource, typed from SST's `Resource` interface (generated into `sst-env.d.ts`).
 *
 * `SST_RESOURCE_<name>` is read first, at every call, so tests and local runs can set or change
 * it at any time; SST's own `Resource` reads the environment only once, on first use. Otherwise
 * the value comes from SST's `Resource`, which also knows the links SST injects on Lambda.
 *
 * @throws {@link MissingResourceError} when the resource is not linked, with the fix in its
 * message (instead of SST's less specific error).
 *
 * @example
 * ```ts
 * import { resource } from "@acme/runtime";
 *
 * const bucket = resource("Uploads");
 * await s3.send(new PutObjectCommand({ Bucket: bucket.name, Key: "a.txt", Body: "hi" }));
 * ```
 *
 * In tests, set the link before calling the code:
 * ```ts
 * process.env.SST_RESOURCE_Uploads = JSON.stringify({ name: "uploads-test" });
 * ```
 */
export function resource<Name extends ResourceName>(name: Name): Resource[Name] {
  const fromEnv = fromEnvironment(name);
  if (fromEnv) return fromEnv.value as Resource[Name];
  if (!isLinked(name)) throw new MissingResourceError(name);
  return Resource[name];
}

/**
 * Whether a resource is linked, for optional links.
 *
 * @example
 * ```ts
 * const cache = hasResource("Cache") ? resource("Cache") : undefined;
 * ```
 */
export function hasResource(name: ResourceName): boolean {
  return fromEnvironment(name) !== undefined || isLinked(name);
}
