import { maxServiceNameLength } from "@acme/contract";
import type { Tree } from "@nx/devkit";
import { logger } from "@nx/devkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import { consumerGenerator } from "../consumer/generator";
import { routeGenerator } from "../route/generator";
import type { ServiceGeneratorSchema } from "../service/schema";
import { addService, createTestWorkspace, snapshot } from "../shared/test-workspace";
import { upgradeGenerator } from "../upgrade/generator";
import { resourceGenerator } from "./generator";
import type { ResourceGeneratorSchema } from "./schema";

/**
 * `resource --type postgres`: a service made without a database, grown with one, is what the
 * service template makes with `--database postgres` (file by file), plus the resource's tests;
 * a grown service keeps the other commands' parts.
 */
const workspaces: (() => void)[] = [];
afterEach(() => {
  for (const remove of workspaces.splice(0)) remove();
  vi.restoreAllMocks();
});

async function workspaceWith(
  service: Partial<ServiceGeneratorSchema> & Pick<ServiceGeneratorSchema, "kind">,
): Promise<Tree> {
  const { tree, remove } = createTestWorkspace();
  workspaces.push(remove);
  await addService(tree, { name: "shop", ...service });
  return tree;
}

const postgres = (overrides: Partial<ResourceGeneratorSchema> = {}): ResourceGeneratorSchema => ({
  service: "shop",
  type: "postgres",
  name: "Database",
  ...overrides,
});
const read = (tree: Tree, path: string) => tree.read(path, "utf-8") ?? "";
const RESOURCE_TESTS = [
  "apps/shop/src/database-postgres.resource.test.ts",
  "apps/shop/infra/database-postgres.infra.test.ts",
];

describe("resource --type postgres", () => {
  it.each([
    ["http", false],
    ["http", true],
    ["worker", false],
    ["worker", true],
  ] as const)(
    "makes a %s service (bucket: %s) what --database postgres makes, with the resource's tests",
    async (kind, bucket) => {
      const grown = await workspaceWith({ kind, bucket });
      await resourceGenerator(grown, postgres());
      const generated = await workspaceWith({ kind, bucket, database: "postgres" });
      const expected = snapshot(generated);
      const actual = snapshot(grown);
      for (const path of RESOURCE_TESTS) expect(actual.has(path), path).toBe(true);
      for (const path of RESOURCE_TESTS) actual.delete(path);
      expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [path, content] of expected) expect(actual.get(path), path).toBe(content);
    },
  );

  it("writes a test that stores a row of the service's first migration", async () => {
    const http = await workspaceWith({ kind: "http" });
    await resourceGenerator(http, postgres());
    expect(read(http, RESOURCE_TESTS[0] as string)).toContain(
      'await database.db.insertInto("items").values(row).execute();',
    );
    const worker = await workspaceWith({ kind: "worker" });
    await resourceGenerator(worker, postgres());
    expect(read(worker, RESOURCE_TESTS[0] as string)).toContain('insertInto("messages")');
    expect(read(worker, RESOURCE_TESTS[1] as string)).toContain(
      'expect.arrayContaining(["Consumer", "Migrator"])',
    );
  });

  it("keeps what route, consumer and the other resources added, and changes nothing the second time", async () => {
    const tree = await workspaceWith({ kind: "http" });
    await routeGenerator(tree, { service: "shop", method: "POST", path: "/orders/{id}/cancel" });
    await consumerGenerator(tree, { service: "shop", name: "Payments" });
    await resourceGenerator(tree, { service: "shop", type: "queue", name: "Jobs" });
    await resourceGenerator(tree, postgres());
    const infra = read(tree, "apps/shop/infra/index.ts");
    expect(infra).toContain('import { paymentsConsumer } from "./payments-consumer";');
    expect(infra).toContain("export function infra() {\n  // Functions that reach the database");
    expect(infra).toContain(
      "  migrateOnDeploy(vpc, database);\n\n  paymentsConsumer(vpc, database);\n",
    );
    expect(infra).toContain('  "POST /orders/{id}/cancel",\n');
    expect(infra).toContain("    link: [database, ...linkedResources()],\n    vpc,\n");
    expect(read(tree, "apps/shop/infra/resources.ts")).toContain('new sst.aws.Queue("Jobs"),');
    const app = read(tree, "apps/shop/src/app.ts");
    expect(app).toContain('app.post("/orders/:id/cancel"');
    expect(app).toContain('.insertInto("items")');
    expect(read(tree, "apps/shop/src/handler.ts")).toContain(
      'db: connectPostgres<Database>("Database")',
    );
    expect(read(tree, "apps/shop/sst-env.d.ts")).toMatch(
      /"Database": \{[\s\S]*"Jobs": \{[\s\S]*"Payments": \{/,
    );
    expect(JSON.parse(read(tree, "apps/shop/package.json")).shipyard.answers.database).toBe(
      "postgres",
    );

    const once = snapshot(tree);
    await resourceGenerator(tree, postgres());
    expect(snapshot(tree)).toEqual(once);
  });

  it.each(["http", "worker"] as const)(
    "puts the consumers made before it on a %s service in the VPC and links them, as consumer does after it",
    async (kind) => {
      const before = await workspaceWith({ kind });
      await consumerGenerator(before, { service: "shop", name: "Payments" });
      await consumerGenerator(before, { service: "shop", name: "Refunds" });
      await resourceGenerator(before, postgres());
      const after = await workspaceWith({ kind });
      await resourceGenerator(after, postgres());
      await consumerGenerator(after, { service: "shop", name: "Payments" });
      await consumerGenerator(after, { service: "shop", name: "Refunds" });
      for (const path of [
        "apps/shop/infra/payments-consumer.ts",
        "apps/shop/infra/refunds-consumer.ts",
      ]) {
        expect(read(before, path), path).toBe(read(after, path));
        expect(read(before, path), path).toContain(
          "link: [queue, database, ...linkedResources()],",
        );
      }
      const infra = read(before, "apps/shop/infra/index.ts");
      expect(infra).toContain(
        "  migrateOnDeploy(vpc, database);\n\n  refundsConsumer(vpc, database);\n  paymentsConsumer(vpc, database);\n",
      );
      const once = snapshot(before);
      await resourceGenerator(before, postgres());
      await consumerGenerator(before, { service: "shop", name: "Payments" });
      expect(snapshot(before)).toEqual(once);
    },
  );

  it("leaves an app the team reshaped as it is, says so, and still adds the database", async () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => {});
    const tree = await workspaceWith({ kind: "http" });
    const app = read(tree, "apps/shop/src/app.ts").replace(
      "  const items = new Map<string, Item>();",
      "  const items = new Map<string, Item>(); // our own store",
    );
    tree.write("apps/shop/src/app.ts", app);
    const handler = read(tree, "apps/shop/src/handler.ts");
    await resourceGenerator(tree, postgres());
    expect(read(tree, "apps/shop/src/app.ts")).toBe(app);
    // The app and its handler change together or not at all.
    expect(read(tree, "apps/shop/src/handler.ts")).toBe(handler);
    expect(read(tree, "apps/shop/infra/index.ts")).toContain('new sst.aws.Postgres("Database"');
    expect(tree.exists("apps/shop/src/migrate.ts")).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("apps/shop/src/app.ts"));
  });

  it("is kept by the template upgrade, which brings the template's Postgres changes too", async () => {
    vi.spyOn(logger, "info").mockImplementation(() => {});
    const tree = await workspaceWith({ kind: "http" });
    await consumerGenerator(tree, { service: "shop", name: "Payments" });
    await resourceGenerator(tree, postgres());
    const grown = read(tree, "apps/shop/infra/index.ts");
    expect(grown).toContain("  paymentsConsumer(vpc, database);\n");
    const consumer = read(tree, "apps/shop/infra/payments-consumer.ts");
    expect(consumer).toContain("    vpc,\n");
    // The next template version: the current one with a change to the Postgres part of the infra
    // and one to the app, as a platform engineer would release it.
    const version = JSON.parse(read(tree, "generators/service/template.json")).version;
    const archive = "generators/service/versions";
    for (const file of tree.children(`${archive}/${version}`)) {
      const edits: Record<string, [string, string]> = {
        "infra-index.ts.ejs.t": [
          'new sst.aws.Vpc("Vpc", { nat: "ec2" })',
          'new sst.aws.Vpc("Vpc", { nat: "ec2", az: 2 })',
        ],
        "http-app.ts.ejs.t": [
          "/** What the app uses, passed in:",
          "/** What the app uses (1.99.0), passed in:",
        ],
      };
      const [from, to] = edits[file] ?? ["", ""];
      const text = read(tree, `${archive}/${version}/${file}`);
      if (from !== "") expect(text, file).toContain(from);
      tree.write(`${archive}/1.99.0/${file}`, text.replace(from, to));
    }
    tree.write(
      "generators/service/template.json",
      read(tree, "generators/service/template.json").replace(`"${version}"`, '"1.99.0"'),
    );

    await upgradeGenerator(tree, { projects: "shop" });
    const manifest = JSON.parse(read(tree, "apps/shop/package.json"));
    expect(manifest.shipyard.templateVersion).toBe("1.99.0");
    const upgraded = read(tree, "apps/shop/infra/index.ts");
    expect(upgraded).toBe(
      grown.replace(
        'new sst.aws.Vpc("Vpc", { nat: "ec2" })',
        'new sst.aws.Vpc("Vpc", { nat: "ec2", az: 2 })',
      ),
    );
    expect(read(tree, "apps/shop/src/app.ts")).toContain(
      "/** What the app uses (1.99.0), passed in:",
    );
    expect(read(tree, "apps/shop/infra/payments-consumer.ts")).toBe(consumer);
    for (const path of [
      ...RESOURCE_TESTS,
      "apps/shop/src/migrate.ts",
      "apps/shop/migrations/0001_create_items.sql",
    ]) {
      expect(tree.exists(path), path).toBe(true);
    }
  });

  it("adds the dependencies the template's Postgres rendering has, and installs them", async () => {
    const tree = await workspaceWith({ kind: "http" });
    // A template version whose Postgres services depend on one more package.
    const version = JSON.parse(read(tree, "apps/shop/package.json")).shipyard.templateVersion;
    const template = `generators/service/versions/${version}/package.json.ejs.t`;
    const from = 'valibot: "1.5.0" },';
    expect(read(tree, template)).toContain(from);
    tree.write(
      template,
      read(tree, template).replace(
        from,
        'valibot: "1.5.0", ...(database === "postgres" ? { kysely: "0.28.0" } : {}) },',
      ),
    );
    const callback = await resourceGenerator(tree, postgres());
    expect(JSON.parse(read(tree, "apps/shop/package.json")).dependencies).toEqual({
      "@acme/runtime": "*",
      kysely: "0.28.0",
      valibot: "1.5.0",
    });
    expect(callback).toBeTypeOf("function");
  });

  it("changes nothing on a service generated with --database postgres", async () => {
    const tree = await workspaceWith({ kind: "worker", database: "postgres" });
    const before = snapshot(tree);
    await resourceGenerator(tree, postgres());
    expect(snapshot(tree)).toEqual(before);
  });

  it("refuses a service whose name is too long for the database's AWS names, with nothing written", async () => {
    // A worker's binding name is longer with a database (an http service's is the same).
    const { max } = maxServiceNameLength("worker", { database: "postgres", bucket: false });
    const name = `s${"x".repeat(max)}`;
    const { tree, remove } = createTestWorkspace();
    workspaces.push(remove);
    expect(maxServiceNameLength("worker", { bucket: false }).max).toBeGreaterThan(max);
    await addService(tree, { name, kind: "worker" });
    const before = snapshot(tree);
    await expect(resourceGenerator(tree, postgres({ service: name }))).rejects.toThrow(
      new RegExp(`${name} is ${max + 1} characters; with a database at most ${max} fit`),
    );
    expect(snapshot(tree)).toEqual(before);
  });

  it.each([
    [
      "a cron job",
      { kind: "cron" },
      {},
      () => {},
      /shop is a cron job: a database applies to http and worker services only/,
    ],
    [
      "another name",
      { kind: "http" },
      { name: "Orders" },
      () => {},
      /use --name Database, not "Orders"/,
    ],
    [
      "a second Postgres",
      { kind: "http" },
      {},
      (tree: Tree) =>
        tree.write(
          "apps/shop/infra/analytics.ts",
          'export const db = () => new sst.aws.Postgres("Analytics", {});\n',
        ),
      /shop already has a Postgres \(apps\/shop\/infra\/analytics\.ts\)/,
    ],
    [
      "a reshaped function link",
      { kind: "http" },
      {},
      (tree: Tree) =>
        tree.write(
          "apps/shop/infra/index.ts",
          read(tree, "apps/shop/infra/index.ts").replace(
            "link: [...linkedResources()],",
            "link: linkedResources(),",
          ),
        ),
      /no longer has the line "link: \[\.\.\.linkedResources\(\)\],"/,
    ],
    [
      "a consumer the team reshaped",
      { kind: "http" },
      {},
      (tree: Tree) =>
        consumerGenerator(tree, { service: "shop", name: "Payments" }).then(() =>
          tree.write(
            "apps/shop/infra/payments-consumer.ts",
            read(tree, "apps/shop/infra/payments-consumer.ts").replace(
              "link: [queue, ...linkedResources()],",
              "link: [queue],",
            ),
          ),
        ),
      /apps\/shop\/infra\/payments-consumer\.ts no longer has the line "link: \[queue, \.\.\.linkedResources\(\)\],".*nothing was written/,
    ],
    [
      "a src/database.ts of the team's",
      { kind: "worker" },
      {},
      (tree: Tree) => tree.write("apps/shop/src/database.ts", "export const ours = 1;\n"),
      /apps\/shop\/src\/database\.ts exists already/,
    ],
  ] as const)("refuses %s with nothing written", async (_, service, overrides, edit, message) => {
    const tree = await workspaceWith({
      ...service,
      ...(service.kind === "cron" ? { schedule: "rate(1 hour)" } : {}),
    });
    await edit(tree);
    const before = snapshot(tree);
    await expect(resourceGenerator(tree, postgres(overrides))).rejects.toThrow(message);
    expect(snapshot(tree)).toEqual(before);
  });
});
