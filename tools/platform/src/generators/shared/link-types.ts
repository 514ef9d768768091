import type { Tree } from "@nx/devkit";
import type { ExistingService } from "./service";

/** A linked resource as sst-env.d.ts types it: its name and sorted `[property, type]` pairs. */
export interface LinkType {
  name: string;
  properties: [string, string][];
}

/** What each link type gives a function, as SST's components' `getSSTLink()` (4.17.1) do. */
export const LINK_PROPERTIES: Readonly<Record<string, Record<string, string>>> = {
  "sst.aws.Queue": { url: "string" },
  "sst.aws.Bucket": { name: "string" },
  "sst.aws.Dynamo": { name: "string" },
  "sst.sst.Secret": { value: "string" },
  "sst.aws.Postgres": {
    database: "string",
    host: "string",
    password: "string",
    port: "number",
    username: "string",
  },
};

/** The resources typed in the service's sst-env.d.ts (the format SST and the templates write). */
export function readLinkTypes(tree: Tree, service: ExistingService): LinkType[] {
  const content = tree.read(`${service.root}/sst-env.d.ts`, "utf-8") ?? "";
  const types: LinkType[] = [];
  for (const match of content.matchAll(
    /\n {4}"([^"]+)": \{\n((?: {6}"[^"]+": [^\n]+\n)*) {4}\}/g,
  )) {
    const properties = [...(match[2] ?? "").matchAll(/ {6}"([^"]+)": ([^\n]+)\n/g)].map(
      (property) => [property[1] ?? "", property[2] ?? ""] as [string, string],
    );
    types.push({ name: match[1] ?? "", properties });
  }
  return types;
}

/** The link types with one more resource of an SST link type, sorted as SST sorts them. */
export function withLink(types: LinkType[], name: string, type: string): LinkType[] {
  const properties = Object.entries({
    ...LINK_PROPERTIES[type],
    type: JSON.stringify(type),
  }).sort(byBytes);
  return [...types.filter((entry) => entry.name !== name), { name, properties }].sort((a, b) =>
    byBytes([a.name], [b.name]),
  );
}

function byBytes(a: readonly [string, ...unknown[]], b: readonly [string, ...unknown[]]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
