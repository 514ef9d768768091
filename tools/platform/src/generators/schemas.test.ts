import { describe, expect, it } from "vitest";
import type { ConsumerGeneratorSchema } from "./consumer/schema";
import consumerJson from "./consumer/schema.json";
import type { RemoveServiceGeneratorSchema } from "./remove-service/schema";
import removeServiceJson from "./remove-service/schema.json";
import type { RenameServiceGeneratorSchema } from "./rename-service/schema";
import renameServiceJson from "./rename-service/schema.json";
import type { ResourceGeneratorSchema } from "./resource/schema";
import resourceJson from "./resource/schema.json";
import type { RouteGeneratorSchema } from "./route/schema";
import routeJson from "./route/schema.json";
import type { ServiceGeneratorSchema } from "./service/schema";
import serviceJson from "./service/schema.json";
import type { UpgradeGeneratorSchema } from "./upgrade/schema";
import upgradeJson from "./upgrade/schema.json";

/*
 * Each generator's options are written twice, for two readers: schema.json for Nx (prompts,
 * --help, validation) and schema.ts for the code. This file keeps them equal in two links: the
 * typecheck proves each list below is exactly a set of the type's keys or values (`exactly`),
 * and the tests prove schema.json has exactly those lists.
 */

/** Keys of T that an options object must have. */
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

/**
 * The list, typed so the typecheck fails unless it holds every member of T and nothing else.
 * (`exactly<"a" | "b">()(["a"])` does not compile; neither does `(["a", "b", "c"])`.)
 */
const exactly =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)): string[] =>
    [...list].sort();

interface Schema {
  properties: Record<string, { type: string; enum?: string[] }>;
  required?: string[];
}

/** What schema.json says: option names, required names, and each enum's choices. */
function described(schema: Schema) {
  return {
    names: Object.keys(schema.properties).sort(),
    required: [...(schema.required ?? [])].sort(),
    choices: Object.fromEntries(
      Object.entries(schema.properties)
        .filter(([, property]) => property.enum)
        .map(([name, property]) => [name, [...(property.enum ?? [])].sort()]),
    ),
  };
}

const generators: [string, Schema, ReturnType<typeof described>][] = [
  [
    "service",
    serviceJson,
    {
      names: exactly<keyof ServiceGeneratorSchema>()([
        "name",
        "kind",
        "owner",
        "description",
        "database",
        "bucket",
        "schedule",
        "skipInstall",
      ]),
      required: exactly<RequiredKeys<ServiceGeneratorSchema>>()(["name", "kind", "owner"]),
      choices: {
        kind: exactly<ServiceGeneratorSchema["kind"]>()(["http", "worker", "cron"]),
        database: exactly<NonNullable<ServiceGeneratorSchema["database"]>>()(["none", "postgres"]),
      },
    },
  ],
  [
    "route",
    routeJson,
    {
      names: exactly<keyof RouteGeneratorSchema>()(["service", "method", "path"]),
      required: exactly<RequiredKeys<RouteGeneratorSchema>>()(["service", "method", "path"]),
      choices: {
        method: exactly<RouteGeneratorSchema["method"]>()([
          "GET",
          "POST",
          "PUT",
          "PATCH",
          "DELETE",
        ]),
      },
    },
  ],
  [
    "consumer",
    consumerJson,
    {
      names: exactly<keyof ConsumerGeneratorSchema>()(["service", "name"]),
      required: exactly<RequiredKeys<ConsumerGeneratorSchema>>()(["service", "name"]),
      choices: {},
    },
  ],
  [
    "resource",
    resourceJson,
    {
      names: exactly<keyof ResourceGeneratorSchema>()(["service", "type", "name", "skipInstall"]),
      required: exactly<RequiredKeys<ResourceGeneratorSchema>>()(["service", "type", "name"]),
      choices: {
        type: exactly<ResourceGeneratorSchema["type"]>()([
          "bucket",
          "queue",
          "secret",
          "table",
          "postgres",
        ]),
      },
    },
  ],
  [
    "remove-service",
    removeServiceJson,
    {
      names: exactly<keyof RemoveServiceGeneratorSchema>()([
        "service",
        "stagesRemoved",
        "skipInstall",
      ]),
      required: exactly<RequiredKeys<RemoveServiceGeneratorSchema>>()(["service"]),
      choices: {},
    },
  ],
  [
    "rename-service",
    renameServiceJson,
    {
      names: exactly<keyof RenameServiceGeneratorSchema>()(["service", "newName", "skipInstall"]),
      required: exactly<RequiredKeys<RenameServiceGeneratorSchema>>()(["service", "newName"]),
      choices: {},
    },
  ],
  [
    "upgrade",
    upgradeJson,
    {
      names: exactly<keyof UpgradeGeneratorSchema>()(["projects", "all", "to"]),
      required: [],
      choices: {},
    },
  ],
];

describe.each(generators)("%s: schema.json and schema.ts", (_name, schema, typed) => {
  it("name the same options, require the same ones, and offer the same choices", () => {
    expect(described(schema)).toEqual(typed);
  });
});
