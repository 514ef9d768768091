import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Tree } from "@nx/devkit";
import * as devkit from "@nx/devkit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { consumerGenerator } from "../consumer/generator";
import { addService, createTestWorkspace, snapshot } from "../shared/test-workspace";
import { ALL_RESOURCE_TYPES, resourceGenerator } from "./generator";
import type { ResourceGeneratorSchema } from "./schema";

vi.mock("@nx/devkit", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@nx/devkit")>()),
  installPackagesTask: vi.fn(),
}));

let tree: Tree;
let remove: () => void;
beforeEach(async () => {
  ({ tree, remove } = createTestWorkspace());
  await addService(tree, { name: "orders", kind: "http", database: "postgres" });
});
afterEach(() => remove());
const read = (path: string) => tree.read(path, "utf-8") ?? "";
const options = (overrides: Partial<ResourceGeneratorSchema> = {}): ResourceGeneratorSchema => ({
  service: "orders",
  type: "bucket",
  name: "Invoices",
  ...overrides,
});

describe("resource generator", () => {
  it.each([
    ["bucket", "Invoices", 'new sst.aws.Bucket("Invoices"),', '"name": string', "invoices-bucket"],
    ["queue", "Jobs", 'new sst.aws.Queue("Jobs"),', '"url": string', "jobs-queue"],
    [
      "table",
      "Orders",
      'new sst.aws.Dynamo("Orders", {\n      fields: { pk: "string", sk: "string" },\n      primaryIndex: { hashKey: "pk", rangeKey: "sk" },\n    }),',
      '"name": string',
      "orders-table",
    ],
    [
      "secret",
      "StripeKey",
      'new sst.Secret(\n      "StripeKey",\n      $app.stage === "production" ? undefined : "unset: sst secret set StripeKey <value>",\n    ),',
      '"value": string',
      "stripe-key-secret",
    ],
  ] as const)(
    "adds a %s linked to every function, typed, with its tests",
    async (type, name, line, property, base) => {
      await resourceGenerator(tree, options({ type, name }));
      expect(read("apps/orders/infra/resources.ts")).toContain(
        `    // One resource per line.\n    ${line}\n  ];`,
      );
      expect(read("apps/orders/sst-env.d.ts")).toMatch(
        new RegExp(`"${name}": \\{\\n[^}]*${property.replace(/[()]/g, "\\$&")}`),
      );
      expect(tree.exists(`apps/orders/src/${base}.resource.test.ts`)).toBe(true);
      expect(read(`apps/orders/infra/${base}.infra.test.ts`)).toContain(`toContain("${name}")`);
    },
  );

  it.each(["bucket", "table", "queue"] as const)(
    "gives a service with a %s @acme/local for its test, once",
    async (type) => {
      await resourceGenerator(tree, options({ type }));
      expect(JSON.parse(read("apps/orders/package.json")).devDependencies).toEqual({
        "@acme/infra": "*",
        "@acme/local": "*",
        "@acme/sst-offline": "*",
      });
    },
  );

  it("gives a service with a secret no @acme/local: its test needs no stand-in", async () => {
    await resourceGenerator(tree, options({ type: "secret", name: "StripeKey" }));
    expect(JSON.parse(read("apps/orders/package.json")).devDependencies).not.toHaveProperty(
      "@acme/local",
    );
  });

  it("runs npm install for the dependency a bucket brings, unless told --skipInstall", async () => {
    const install = vi.mocked(devkit.installPackagesTask);
    for (const name of ["inbox", "desk"]) await addService(tree, { name, kind: "worker" });
    install.mockClear();
    const skipped = await resourceGenerator(
      tree,
      options({ service: "inbox", name: "Files", skipInstall: true }),
    );
    await skipped?.();
    expect(install).not.toHaveBeenCalled();
    expect(read("apps/inbox/package.json")).toContain('"@acme/local": "*"');
    await (await resourceGenerator(tree, options({ service: "desk", name: "Files" })))?.();
    expect(install).toHaveBeenCalledTimes(1);
  });

  it.each(["bucket", "queue", "table", "secret"] as const)(
    "changes nothing when a %s is added again",
    async (type) => {
      await resourceGenerator(tree, options({ type }));
      const once = snapshot(tree);
      await resourceGenerator(tree, options({ type }));
      expect(snapshot(tree)).toEqual(once);
    },
  );

  it.each([
    [{ type: "cache" as never }, /Unknown resource type "cache"/],
    [{ name: "invoices" }, /must be PascalCase/],
    [{ name: "Bucket" }, /already has a component or link named "Bucket"/],
    [{ name: "Database" }, /already has a component or link named "Database"/],
    // SST compares component names without case, and keeps "App" for its own link.
    [{ name: "DataBase" }, /already has a component or link named "Database"/],
    [{ name: "App" }, /"App" is reserved by SST/],
    [{ name: "AVeryLongBucketNameForInvoicesAndMore" }, /too long for orders/],
    [{ service: "nope" }, /There is no service "nope"/],
  ])("refuses %j with nothing written", async (overrides, message) => {
    const before = snapshot(tree);
    await expect(resourceGenerator(tree, options(overrides))).rejects.toThrow(message);
    expect(snapshot(tree)).toEqual(before);
  });

  it("refuses a name another type already uses", async () => {
    await resourceGenerator(tree, options({ type: "queue", name: "Invoices" }));
    await expect(resourceGenerator(tree, options({ type: "bucket" }))).rejects.toThrow(
      /already has a component or link named "Invoices"/,
    );
  });

  it("refuses the name of a consumer's function, which SST would find twice", async () => {
    await consumerGenerator(tree, { service: "orders", name: "Payments" });
    const before = snapshot(tree);
    await expect(resourceGenerator(tree, options({ name: "PaymentsConsumer" }))).rejects.toThrow(
      /already has a component or link named "PaymentsConsumer"/,
    );
    expect(snapshot(tree)).toEqual(before);
  });

  it("refuses a name another resource uses in another case, as SST would", async () => {
    await resourceGenerator(tree, options({ type: "queue", name: "Invoices" }));
    const before = snapshot(tree);
    await expect(
      resourceGenerator(tree, options({ type: "table", name: "INVOICES" })),
    ).rejects.toThrow(/already has a component or link named "Invoices"/);
    expect(snapshot(tree)).toEqual(before);
  });
});

describe("the resource command's descriptions", () => {
  const registry = JSON.parse(
    readFileSync(join(__dirname, "..", "..", "..", "generators.json"), "utf8"),
  ) as { generators: Record<string, { description: string }> };
  const schema = JSON.parse(readFileSync(join(__dirname, "schema.json"), "utf8"));

  it("list every type it takes", () => {
    expect(schema.properties.type.enum.sort()).toEqual([...ALL_RESOURCE_TYPES].sort());
    const listed = /\(([a-z, ]+)\)/.exec(registry.generators.resource?.description ?? "")?.[1];
    expect(listed?.split(", ").sort()).toEqual([...ALL_RESOURCE_TYPES].sort());
  });
});
