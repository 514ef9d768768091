import { isDeepStrictEqual } from "node:util";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** A structural merge: the merged value, and the key paths both sides changed differently. */
export interface JsonMerge {
  value: Json | undefined;
  conflicts: string[];
}

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isScalarList = (value: Json | undefined): value is (string | number | boolean)[] =>
  Array.isArray(value) && value.every((item) => typeof item !== "object" || item === null);

/**
 * Three-way merge of JSON values by key (package.json: dependencies, tags, provenance). Objects
 * merge key by key, lists of plain values as sets (tags), anything else is taken from the side
 * that changed it. `undefined` is "absent": a key one side deleted stays deleted unless the other
 * side changed it, which is a conflict. Ours keeps its key order; keys the template adds go after
 * the key they follow in the template.
 */
export function mergeJson(
  base: Json | undefined,
  ours: Json | undefined,
  theirs: Json | undefined,
  path = "",
): JsonMerge {
  if (isDeepStrictEqual(ours, theirs)) return { value: ours, conflicts: [] };
  if (isDeepStrictEqual(base, ours)) return { value: theirs, conflicts: [] };
  if (isDeepStrictEqual(base, theirs)) return { value: ours, conflicts: [] };
  if (isObject(ours) && isObject(theirs) && (base === undefined || isObject(base))) {
    return mergeObjects(base ?? {}, ours, theirs, path);
  }
  if (isScalarList(ours) && isScalarList(theirs) && (base === undefined || isScalarList(base))) {
    return { value: mergeSets(base ?? [], ours, theirs), conflicts: [] };
  }
  return { value: ours, conflicts: [path || "(the whole file)"] };
}

function mergeObjects(
  base: JsonObject,
  ours: JsonObject,
  theirs: JsonObject,
  path: string,
): JsonMerge {
  const keys = [...Object.keys(ours)];
  let previous: string | undefined;
  for (const key of Object.keys(theirs)) {
    if (!keys.includes(key)) {
      const at = previous === undefined ? -1 : keys.indexOf(previous);
      keys.splice(at + 1, 0, key);
    }
    previous = key;
  }
  const value: JsonObject = {};
  const conflicts: string[] = [];
  for (const key of keys) {
    const merged = mergeJson(base[key], ours[key], theirs[key], path ? `${path}.${key}` : key);
    conflicts.push(...merged.conflicts);
    if (merged.value !== undefined) value[key] = merged.value;
  }
  return { value, conflicts };
}

function mergeSets<T>(base: T[], ours: T[], theirs: T[]): T[] {
  const removedByTemplate = base.filter((item) => !theirs.includes(item));
  const addedByTemplate = theirs.filter((item) => !base.includes(item) && !ours.includes(item));
  return [...ours.filter((item) => !removedByTemplate.includes(item)), ...addedByTemplate];
}

/** `JSON.stringify` as the templates and Biome write package.json: 2 spaces, final newline. */
export function formatJson(value: Json): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A copy of `value` with the value at a dotted key path replaced (or deleted when undefined). */
export function withValueAt(value: Json, path: string, replacement: Json | undefined): Json {
  const [head, ...rest] = path.split(".");
  if (head === undefined || !isObject(value)) return replacement ?? null;
  const copy: JsonObject = { ...value };
  const next =
    rest.length === 0 ? replacement : withValueAt(copy[head] ?? {}, rest.join("."), replacement);
  if (next === undefined) delete copy[head];
  else copy[head] = next;
  return copy;
}

/** The value at a dotted key path, or undefined. */
export function valueAt(value: Json | undefined, path: string): Json | undefined {
  let current = value;
  for (const key of path.split(".")) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
