/**
 * From what Pulumi sends its engine to the evaluation's JSON: property values as plain JSON, and
 * the captured registrations, function builds and stack outputs assembled into an
 * {@link Evaluation}, sorted so that the same input gives the same bytes.
 */
import type { EvaluatedFunction, EvaluatedResource, Evaluation, LinkedResource } from "../types.js";
import type { CompletedApp } from "./app-config.js";
import type { Capture } from "./capture.js";
import type { FunctionBuild } from "./rpc-server.js";

/** Pulumi's markers in serialized property values (sdk/nodejs/runtime/rpc.ts). */
export const SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** The value Pulumi sends for an output not known yet. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A serialized Pulumi property value as plain JSON: secrets and outputs unwrapped, assets and
 * archives as `{ $asset | $archive, ... }`, resource references as their URN, dynamic providers as
 * `"<dynamic provider>"`, unknowns as `"<unknown>"`, object keys sorted.
 */
export function plain(value: unknown): unknown {
  if (value === UNKNOWN) return "<unknown>";
  if (Array.isArray(value)) return value.map(plain);
  if (!value || typeof value !== "object") return value;
  // biome-ignore lint/suspicious/noExplicitAny: a serialized value of any shape
  const record = value as Record<string, any>;
  switch (record[SIG]) {
    case SECRET_SIG:
    case OUTPUT_SIG:
      return plain(record.value);
    case RESOURCE_SIG:
      return record.urn;
    case ASSET_SIG:
      if (record.path !== undefined) return { $asset: "FileAsset", path: record.path };
      if (record.text !== undefined) return { $asset: "StringAsset", text: record.text };
      return { $asset: "RemoteAsset", uri: record.uri };
    case ARCHIVE_SIG:
      if (record.assets !== undefined) {
        return { $archive: "AssetArchive", assets: plain(record.assets) };
      }
      if (record.path !== undefined) return { $archive: "FileArchive", path: record.path };
      return { $archive: "RemoteArchive", uri: record.uri };
    default:
      break;
  }
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) {
    result[key] = key === "__provider" ? "<dynamic provider>" : plain(record[key]);
  }
  return result;
}

/** A plain JSON object (see {@link plain}); anything else reads as `{}`. */
export function plainObject(value: unknown): Record<string, unknown> {
  const converted = plain(value);
  return converted && typeof converted === "object" && !Array.isArray(converted)
    ? (converted as Record<string, unknown>)
    : {};
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byUrn = (a: { urn: string }, b: { urn: string }) => compare(a.urn, b.urn);
const byName = (a: { name: string }, b: { name: string }) => compare(a.name, b.name);

export interface EvaluationParts {
  app: CompletedApp;
  capture: Capture;
  /** Every function built (`Runtime.Build`, `Runtime.AddTarget`), by name. */
  functions: ReadonlyMap<string, FunctionBuild>;
  /** What `run()` returned, as plain JSON. */
  outputs: Record<string, unknown>;
}

/** The evaluation: every part sorted (resources by URN, the rest by name), SST's `_` outputs left out. */
export function assembleEvaluation({
  app,
  capture,
  functions,
  outputs,
}: EvaluationParts): Evaluation {
  const builds = [...functions.values()].sort(byName);
  return {
    app: { name: app.name, stage: app.stage, removal: app.removal, protect: app.protect },
    resources: resourcesOf(capture),
    outputs: Object.fromEntries(
      Object.entries(outputs)
        .filter(([key]) => !key.startsWith("_"))
        .sort(([a], [b]) => compare(a, b)),
    ),
    links: linksOf(capture, builds),
    functionLinks: Object.fromEntries(builds.map((fn) => [fn.name, Object.keys(fn.links).sort()])),
    functions: Object.fromEntries(builds.map((fn) => [fn.name, evaluatedFunction(fn)])),
  };
}

function resourcesOf(capture: Capture): EvaluatedResource[] {
  return [...capture.resources.values()].sort(byUrn).map((resource) => {
    const id = capture.ids.get(resource.urn);
    return {
      urn: resource.urn,
      type: resource.type,
      name: resource.name,
      ...(id ? { id } : {}),
      ...(resource.parent ? { parent: resource.parent } : {}),
      inputs: resource.inputs,
      options: resource.options,
    };
  });
}

/**
 * Every linkable: SST's `LinkRef` outputs, then the links of functions that got no `LinkRef`
 * (linkables that are children of other components), sorted by name.
 */
function linksOf(capture: Capture, builds: readonly FunctionBuild[]): LinkedResource[] {
  const links: LinkedResource[] = [...capture.linkRefs.entries()]
    .map(([urn, out]) => ({ urn, out }))
    .sort(byUrn)
    .flatMap(({ out }) => {
      const properties = out.properties;
      if (!out.target || !properties || typeof properties !== "object") return [];
      const record = properties as Record<string, unknown>;
      return [{ name: String(out.target), type: String(record.type ?? ""), properties: record }];
    });
  for (const fn of builds) {
    for (const [name, properties] of Object.entries(fn.links)) {
      if (links.some((link) => link.name === name)) continue;
      links.push({
        name,
        type: String(properties.type ?? ""),
        properties: plainObject(properties),
      });
    }
  }
  return links.sort(byName);
}

function evaluatedFunction(fn: FunctionBuild): EvaluatedFunction {
  return {
    handler: fn.handler,
    file: fn.file,
    runtime: fn.runtime,
    links: Object.keys(fn.links).sort(),
    ...(fn.nodejs ? { nodejs: plainObject(fn.nodejs) } : {}),
  };
}
