import type { Resource } from "sst";
import { MissingResourceError } from "./errors";
import { ENV_PREFIX, links, parseLink } from "./links";

/** The names of the resources linked to this code, from SST's generated `sst-env.d.ts`. */
export type ResourceName = keyof Resource & string;

const parsed = new Map<string, { raw: string; value: unknown }>();

/** The resource as set in `SST_RESOURCE_<name>` right now, parsed once per value. */
function fromEnvironment(name: string): { value: unknown } | undefined {
  const raw = process.env[`${ENV_PREFIX}${name}`];
  if (!raw) return undefined;
  const cached = parsed.get(name);
  if (cached?.raw === raw) return { value: cached.value };
  const value = parseLink(name, raw);
  parsed.set(name, { raw, value });
  return { value };
}

/**
 * Read a linked resource, typed from SST's `Resource` interface (generated into `sst-env.d.ts`).
 *
 * `SST_RESOURCE_<name>` is read first, at every call, so tests and local runs can set or change
 * it at any time. Otherwise the value comes from the links SST gives the function, read once on
 * first use as SST's own `Resource` reads them (`SST_RESOURCE_*`, `SST_RESOURCES_JSON`, the
 * encrypted `SST_KEY_FILE`), without loading `sst` or, unless a key file is there, `node:crypto`.
 *
 * @throws {@link MissingResourceError} when the resource is not linked, with the fix in its
 * message (instead of SST's less specific error).
 * @throws {@link InvalidResourceError} when an `SST_RESOURCE_*` variable is not JSON, naming it.
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
  const linked = links();
  if (!Object.hasOwn(linked, name)) throw new MissingResourceError(name);
  return linked[name] as Resource[Name];
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
  return fromEnvironment(name) !== undefined || Object.hasOwn(links(), name);
}
