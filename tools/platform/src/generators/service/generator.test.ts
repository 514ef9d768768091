import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { MAX_STAGE_LENGTH, maxServiceNameLength, SERVICE_KINDS } from "@acme/contract";
import type { Tree } from "@nx/devkit";
import * as devkit from "@nx/devkit";
// The Tree Nx itself uses: unlike createTreeWithEmptyWorkspace's (rooted at "/virtual"), it can be
// rooted at a real folder, so the generator finds the real templates at <tree.root>/generators.
import { FsTree } from "nx/src/generators/tree";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { serviceGenerator } from "./generator";
import type { ServiceGeneratorSchema } from "./schema";
import { RESERVED_NAMES, scheduleProblem } from "./validate";

const realWorkspace = join(__dirname, "..", "..", "..", "..", "..");

vi.mock("@nx/devkit", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@nx/devkit")>()),
  installPackagesTask: vi.fn(),
}));
const installPackagesTask = vi.mocked(devkit.installPackagesTask);

let root: string;
let tree: Tree;

/** A workspace like ours on disk (templates linked from the real one), and Nx's Tree over it. */
function createWorkspace(): void {
  root = mkdtempSync(join(tmpdir(), "service-generator-"));
  symlinkSync(join(realWorkspace, "generators"), join(root, "generators"));
  const file = (path: string, content: unknown) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(content, null, 2));
  };
  file("package.json", {
    name: "@acme/source",
    private: true,
    workspaces: ["apps/*", "packages/*", "tools/*"],
  });
  file("nx.json", {});
  file("packages/runtime/package.json", { name: "@acme/runtime" });
  file("apps/billing/package.json", { name: "@acme/billing" });
  tree = new FsTree(root, false);
}

const options = (overrides: Partial<ServiceGeneratorSchema> = {}): ServiceGeneratorSchema => ({
  name: "orders",
  kind: "http",
  owner: "payments",
  skipInstall: true,
  ...overrides,
});

const read = (path: string) => tree.read(path, "utf-8");
const json = (path: string) => JSON.parse(read(path) ?? "null");
const changedPaths = () =>
  tree
    .listChanges()
    .map((change) => change.path)
    .sort();

/** Every option combination worth generating, with the files it must produce. */
const variants: [string, Partial<ServiceGeneratorSchema>, string[]][] = [
  ["http", { kind: "http" }, ["src/app.ts", "src/handler.ts", "src/app.test.ts"]],
  ["worker", { kind: "worker" }, ["src/consumer.ts", "src/consumer.test.ts"]],
  ["cron", { kind: "cron" }, ["src/job.ts", "src/job.test.ts"]],
  [
    "http + postgres + bucket",
    { kind: "http", database: "postgres", bucket: true },
    [
      "src/app.ts",
      "src/handler.ts",
      "src/app.test.ts",
      "src/database.ts",
      "src/migrate.ts",
      "migrations/0001_create_items.sql",
    ],
  ],
  [
    "worker + postgres",
    { kind: "worker", database: "postgres" },
    [
      "src/consumer.ts",
      "src/consumer.test.ts",
      "src/database.ts",
      "src/migrate.ts",
      "migrations/0001_create_messages.sql",
    ],
  ],
  [
    "http + bucket",
    { kind: "http", bucket: true },
    ["src/app.ts", "src/handler.ts", "src/app.test.ts"],
  ],
  [
    "worker + postgres + bucket",
    { kind: "worker", database: "postgres", bucket: true },
    [
      "src/consumer.ts",
      "src/consumer.test.ts",
      "src/database.ts",
      "src/migrate.ts",
      "migrations/0001_create_messages.sql",
    ],
  ],
  [
    "cron + bucket + schedule",
    { kind: "cron", bucket: true, schedule: "cron(0 6 * * ? *)" },
    ["src/job.ts", "src/job.test.ts"],
  ],
];
const COMMON = [
  "README.md",
  "infra/index.ts",
  "infra/infra.test.ts",
  "infra/resources.ts",
  "package.json",
  "sst-env.d.ts",
  "sst.config.ts",
  "tsconfig.json",
  "vitest.config.ts",
];

describe("service generator", () => {
  beforeEach(() => {
    createWorkspace();
    installPackagesTask.mockClear();
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe.each(variants)("%s", (_label, overrides, kindFiles) => {
    it("writes exactly the service's files and the CODEOWNERS entry", async () => {
      await serviceGenerator(tree, options(overrides));
      const expected = [...COMMON, ...kindFiles].map((file) => `apps/orders/${file}`);
      expect(changedPaths()).toEqual([...expected, "CODEOWNERS"].sort());
    });

    it("produces files Biome accepts as they are", async () => {
      await serviceGenerator(tree, options(overrides));
      const files = tree.listChanges().filter((change) => change.path.startsWith("apps/"));
      for (const change of files) {
        mkdirSync(dirname(join(root, change.path)), { recursive: true });
        writeFileSync(join(root, change.path), change.content ?? "");
      }
      // sst-env.d.ts keeps SST's own format, which Biome would reformat (see the README).
      const checked = files
        .map((change) => change.path)
        .filter((path) => !path.endsWith("sst-env.d.ts"));
      const biome = join(realWorkspace, "node_modules", ".bin", "biome");
      const run = () =>
        execFileSync(
          biome,
          [
            "check",
            "--config-path",
            join(realWorkspace, "biome.json"),
            "--vcs-enabled=false",
            ...checked,
          ],
          { cwd: root, stdio: "pipe", encoding: "utf8" },
        );
      expect(run).not.toThrow();
    });
  });

  it("takes --database none (the prompt's answer for no database), for every kind", async () => {
    await serviceGenerator(tree, options({ kind: "cron", database: "none" }));
    expect(json("apps/orders/package.json").shipyard.answers.database).toBe("none");
    expect(read("apps/orders/infra/index.ts")).not.toContain("Postgres");
  });

  it("has Nx ask what every kind needs; the generator asks the rest (questions.test.ts)", () => {
    const schema = JSON.parse(
      readFileSync(
        join(realWorkspace, "tools/platform/src/generators/service/schema.json"),
        "utf8",
      ),
    ) as { properties: Record<string, { "x-prompt"?: unknown }> };
    const prompted = Object.entries(schema.properties)
      .filter(([, property]) => property["x-prompt"] !== undefined)
      .map(([name]) => name);
    expect(prompted).toEqual(["name", "kind", "owner", "description"]);
  });

  it("records provenance: template, version and every normalised answer", async () => {
    await serviceGenerator(
      tree,
      options({ kind: "cron", owner: "@acme/payments", bucket: true, description: " Reports. " }),
    );
    expect(json("apps/orders/package.json")).toEqual({
      name: "@acme/orders",
      version: "0.1.0",
      private: true,
      type: "module",
      description: "Reports.",
      dependencies: { "@acme/runtime": "*", valibot: "1.5.0" },
      // The bucket's tests run against @acme/local's S3 endpoint.
      devDependencies: { "@acme/infra": "*", "@acme/local": "*", "@acme/sst-offline": "*" },
      nx: { tags: ["type:service", "owner:payments", "kind:cron"] },
      shipyard: {
        template: "service",
        templateVersion: json("generators/service/template.json").version,
        answers: {
          name: "orders",
          kind: "cron",
          owner: "payments",
          description: "Reports.",
          database: "none",
          bucket: true,
          schedule: "rate(5 minutes)",
        },
      },
    });
  });

  it("writes sst.config.ts with no top-level imports, named after the service", async () => {
    await serviceGenerator(tree, options());
    const config = read("apps/orders/sst.config.ts") ?? "";
    expect(config).not.toMatch(/^import /m);
    expect(config).toContain('name: "orders"');
    expect(config).toContain('applyConventions({ service: "orders", owner: "payments" });');
  });

  it("routes explicit API routes to one shared function", async () => {
    await serviceGenerator(tree, options());
    const infra = read("apps/orders/infra/index.ts") ?? "";
    expect(infra).toMatch(
      /export const routes = \[\n {2}\/\/ .*\n {2}"GET \/health",\n {2}"POST \/items",\n {2}"GET \/items\/\{id\}",\n\] as const;/,
    );
    expect(infra).toContain('new sst.aws.Function("ApiHandler", {');
    expect(infra).toContain("for (const route of routes) api.route(route, handler.arn);");
  });

  it("links the database and bucket to the function and puts it in the VPC", async () => {
    await serviceGenerator(tree, options({ database: "postgres", bucket: true }));
    const infra = read("apps/orders/infra/index.ts") ?? "";
    expect(infra).toContain('new sst.aws.Postgres("Database", {');
    expect(infra).toContain('database: "orders",');
    expect(infra).toContain("link: [database, bucket, ...linkedResources()],");
    expect(infra).toContain("    vpc,\n  });");
    expect(infra).toContain('new sst.aws.Function("Migrator", {');
    expect(infra).toContain('new aws.lambda.Invocation("MigratorInvocation", {');
    expect(infra).toContain('"PUT /files/{key}",');
    const test = read("apps/orders/src/app.test.ts") ?? "";
    expect(test).toContain("process.env.SST_RESOURCE_Bucket =");
    expect(test).toContain("await createTestDatabase<Database>(");
    expect(test).toContain("startTestS3([bucketName])");
    const handler = read("apps/orders/src/handler.ts") ?? "";
    expect(handler).toContain('db: connectPostgres<Database>("Database"),');
    expect(handler).toContain('files: bucket("Bucket"),');
  });

  it("gives a worker a queue (its dead-letter queue comes from the conventions)", async () => {
    await serviceGenerator(tree, options({ kind: "worker" }));
    const infra = read("apps/orders/infra/index.ts") ?? "";
    expect(infra).toContain('const queue = new sst.aws.Queue("Queue");');
    expect(infra).toContain(
      "queue.subscribe(consumer.arn, { batch: { partialResponses: true } });",
    );
  });

  it("schedules a cron job with CronV2 (Cron is deprecated in SST 4)", async () => {
    await serviceGenerator(tree, options({ kind: "cron", schedule: "rate(1 hour)" }));
    const infra = read("apps/orders/infra/index.ts") ?? "";
    expect(infra).toContain('new sst.aws.CronV2("Job", {');
    expect(infra).toContain('schedule: "rate(1 hour)",');
  });

  it("writes sst-env.d.ts in SST's format, typing exactly the linked resources", async () => {
    await serviceGenerator(tree, options({ database: "postgres", bucket: true }));
    expect(read("apps/orders/sst-env.d.ts")).toBe(
      [
        "/* This file is auto-generated by SST. Do not edit. */",
        "/* tslint:disable */",
        "/* eslint-disable */",
        "/* deno-fmt-ignore-file */",
        "/* biome-ignore-all lint: auto-generated */",
        "",
        'declare module "sst" {',
        "  export interface Resource {",
        '    "Bucket": {',
        '      "name": string',
        '      "type": "sst.aws.Bucket"',
        "    }",
        '    "Database": {',
        '      "database": string',
        '      "host": string',
        '      "password": string',
        '      "port": number',
        '      "type": "sst.aws.Postgres"',
        '      "username": string',
        "    }",
        "  }",
        "}",
        "",
        'import "sst"',
        "export {}",
      ].join("\n"),
    );
  });

  it("creates CODEOWNERS with a header, and adds each service once", async () => {
    await serviceGenerator(tree, options());
    await serviceGenerator(tree, options({ name: "emails", kind: "worker", owner: "growth" }));
    const owners = read("CODEOWNERS") ?? "";
    expect(owners.startsWith("# Code owners:")).toBe(true);
    expect(owners.endsWith("/apps/orders/ @acme/payments\n/apps/emails/ @acme/growth\n")).toBe(
      true,
    );
  });

  it("adds to an existing CODEOWNERS without touching other lines, and only once", async () => {
    writeFileSync(join(root, "CODEOWNERS"), "* @acme/platform\n/apps/orders-v1/ @acme/legacy\n");
    await serviceGenerator(tree, options());
    expect(read("CODEOWNERS")).toBe(
      "* @acme/platform\n/apps/orders-v1/ @acme/legacy\n/apps/orders/ @acme/payments\n",
    );
  });

  it("does not add a second entry when CODEOWNERS already has the service", async () => {
    writeFileSync(join(root, "CODEOWNERS"), "/apps/orders/ @acme/payments\n");
    await serviceGenerator(tree, options());
    expect(tree.listChanges().find((change) => change.path === "CODEOWNERS")).toBeUndefined();
  });

  it("runs npm install in the callback unless skipInstall", async () => {
    const callback = await serviceGenerator(tree, options({ skipInstall: false }));
    expect(installPackagesTask).not.toHaveBeenCalled();
    await callback();
    expect(installPackagesTask).toHaveBeenCalledWith(tree, true);

    installPackagesTask.mockClear();
    const skipped = await serviceGenerator(tree, options({ name: "emails", skipInstall: true }));
    await skipped();
    expect(installPackagesTask).not.toHaveBeenCalled();
  });

  it("re-running for an existing service fails and changes nothing", async () => {
    await serviceGenerator(tree, options());
    const generated = tree.listChanges();
    // A new workspace folder holding the result, as the next `nx g` would see it on disk.
    rmSync(root, { recursive: true, force: true });
    createWorkspace();
    for (const change of generated) {
      mkdirSync(dirname(join(root, change.path)), { recursive: true });
      writeFileSync(join(root, change.path), change.content ?? "");
    }
    tree = new FsTree(root, false);
    await expect(serviceGenerator(tree, options())).rejects.toThrow(
      'A project named "@acme/orders" already exists in apps/orders. Choose another service name',
    );
    expect(tree.listChanges()).toEqual([]);
  });
});

describe("service generator validation", () => {
  beforeEach(createWorkspace);
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const cases: [string, Partial<ServiceGeneratorSchema>, string | RegExp][] = [
    [
      "a name that is not kebab-case",
      { name: "Orders" },
      'Service name "Orders" must be kebab-case (lowercase letters, digits and single hyphens), e.g. "orders".',
    ],
    ["camelCase", { name: "orderService" }, 'e.g. "order-service".'],
    ["underscores", { name: "orders_api" }, 'e.g. "orders-api".'],
    ["a double hyphen", { name: "orders--api" }, "must be kebab-case"],
    ["a trailing hyphen", { name: "orders-" }, "must be kebab-case"],
    ["a leading digit", { name: "2fa" }, 'Service name "2fa" must start with a letter'],
    ["no name", { name: "" }, "The service name is required"],
    ["a reserved name", { name: "infra" }, 'Service name "infra" is reserved: it is the workspace'],
    ["the root package's name", { name: "source" }, "is reserved"],
    [
      "an existing project",
      { name: "billing" },
      'A project named "@acme/billing" already exists in apps/billing.',
    ],
    [
      "an unknown kind",
      { kind: "queue" as never },
      'Unknown service kind "queue": use --kind http',
    ],
    ["no kind", { kind: undefined as never }, "The service kind is required"],
    [
      "an owner that is not a team slug",
      { owner: "Payments Team" },
      'Owner "Payments Team" is not a GitHub team slug',
    ],
    ["a one-letter owner", { owner: "p" }, 'Owner "p" is not a GitHub team slug'],
    [
      "a one-letter owner, with a fix that is a slug",
      { owner: "p" },
      "e.g. --owner payments-team.",
    ],
    [
      "an owner with spaces, with its slug as the fix",
      { owner: "Payments Team" },
      "e.g. --owner payments-team.",
    ],
    ["no owner", { owner: "" }, "The owning team is required"],
    [
      "an owner of another organisation",
      { owner: "@other/payments" },
      'Owner "@other/payments" is a team of another organisation',
    ],
    [
      "a schedule on a non-cron service",
      { kind: "http", schedule: "rate(5 minutes)" },
      "--schedule applies to cron services only, and this is an http service. Drop --schedule, or create the service with --kind cron.",
    ],
    [
      "a schedule on a worker",
      { kind: "worker", schedule: "rate(5 minutes)" },
      "--schedule applies to cron services only, and this is a worker service.",
    ],
    [
      "a bad schedule",
      { kind: "cron", schedule: "every 5 minutes" },
      "expected rate(<value> <unit>) or cron(<6 fields>)",
    ],
    [
      "a database on a cron service",
      { kind: "cron", database: "postgres" },
      "--database applies to http and worker services only",
    ],
    ["an unknown database", { database: "mysql" as never }, 'Unknown database "mysql"'],
    ["a multi-line description", { description: "a\nb" }, "The description must be one line"],
  ];

  it.each(cases)("refuses %s, says how to fix it, and writes nothing", async (_, bad, message) => {
    await expect(serviceGenerator(tree, options(bad))).rejects.toThrow(message);
    expect(tree.listChanges()).toEqual([]);
  });

  it.each([
    ["workspace", "project.json", { name: "workspace" }, '"workspace" (the workspace root)'],
    ["e2e", "tools/e2e/package.json", { name: "@acme/e2e" }, '"@acme/e2e" (tools/e2e)'],
  ])(
    "refuses %s, the name of a project that is not a service, saying so",
    async (name, path, manifest, project) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), JSON.stringify(manifest));
      tree = new FsTree(root, false);
      await expect(serviceGenerator(tree, options({ name }))).rejects.toThrow(
        `Service name "${name}" is taken by the project ${project}, which is not a service. Choose another service name.`,
      );
      expect(tree.listChanges()).toEqual([]);
    },
  );

  it("refuses an existing folder apps/<name> that is not a project", async () => {
    mkdirSync(join(root, "apps", "orders", "src"), { recursive: true });
    writeFileSync(join(root, "apps", "orders", "src", "index.ts"), "");
    await expect(serviceGenerator(tree, options())).rejects.toThrow(
      "The folder apps/orders already exists. Choose another service name, or move apps/orders away first.",
    );
    expect(tree.listChanges()).toEqual([]);
  });

  it("refuses a dangling symbolic link at apps/<name>, and writes nothing", async () => {
    symlinkSync(join(root, "nowhere"), join(root, "apps", "orders"));
    await expect(serviceGenerator(tree, options())).rejects.toThrow(
      `apps/orders is a symbolic link to ${join(root, "nowhere")}, which does not exist. Choose another service name, or remove apps/orders first.`,
    );
    expect(tree.listChanges()).toEqual([]);
  });

  it("refuses to write through a path that cannot hold the service, and writes nothing", async () => {
    rmSync(join(root, "apps"), { recursive: true, force: true });
    symlinkSync(join(root, "gone"), join(root, "apps"));
    await expect(serviceGenerator(tree, options())).rejects.toThrow(
      `apps is a symbolic link to ${join(root, "gone")}, which does not exist, so apps/orders cannot be created. Move it away first.`,
    );
    expect(tree.listChanges()).toEqual([]);
  });

  it("checks every file it would write, and throws before Nx writes any", async () => {
    symlinkSync(join(root, "missing", "CODEOWNERS"), join(root, "CODEOWNERS"));
    await expect(serviceGenerator(tree, options())).rejects.toThrow(
      `CODEOWNERS is a symbolic link to ${join(root, "missing", "CODEOWNERS")}, which does not exist, so CODEOWNERS cannot be written. Move it away first.`,
    );
  });

  it("lists every problem at once", async () => {
    await expect(
      serviceGenerator(tree, options({ name: "Orders", owner: "", schedule: "x" })),
    ).rejects.toThrow(
      /cannot be created:\n- Service name "Orders".*\n- The owning team.*\n- --schedule/,
    );
  });

  it("accepts the longest name that fits and refuses one more character, for every kind and option", async () => {
    for (const kind of SERVICE_KINDS) {
      const shapes: Pick<ServiceGeneratorSchema, "bucket" | "database">[] = [
        {},
        { bucket: true },
        ...(kind === "cron" ? [] : [{ database: "postgres" as const }]),
      ];
      for (const shape of shapes) {
        const { max, binding } = maxServiceNameLength(kind, shape);
        const longest = `${kind[0]}${"x".repeat(max - 1)}`;
        const label = `${kind} ${JSON.stringify(shape)}`;
        await expect(
          serviceGenerator(tree, options({ kind, name: `${longest}y`, ...shape })),
          label,
        ).rejects.toThrow(
          `Service name "${longest}y" is ${max + 1} characters; at most ${max} fit for --kind ${kind}. SST names its ${binding.what} "${longest}y-<stage>-${binding.resource}-<8 random>", and AWS allows ${binding.awsLimit} characters: with stages of up to ${MAX_STAGE_LENGTH} characters`,
        );
        await serviceGenerator(tree, options({ kind, name: longest, ...shape }));
        expect(tree.exists(`apps/${longest}/package.json`), label).toBe(true);
        tree.delete(`apps/${longest}`);
      }
    }
  });

  it("refuses a reserved name for each reason it documents", async () => {
    for (const name of Object.keys(RESERVED_NAMES)) {
      await expect(serviceGenerator(tree, options({ name }))).rejects.toThrow(
        `Service name "${name}" is reserved`,
      );
    }
  });
});

describe("schedules", () => {
  it("validates schedules with the grammar nx serve runs (the contract's one parser)", () => {
    expect(scheduleProblem("rate(5 minutes)")).toBeUndefined();
    expect(scheduleProblem("cron(15 10 ? * MON-FRI *)")).toBeUndefined();
    expect(scheduleProblem("rate(1 minutes)")).toContain("rate(1 minute)");
    expect(scheduleProblem("rate(5 minute)")).toContain("rate(5 minutes)");
    expect(scheduleProblem("cron(0 6 * * *)")).toContain("found 5");
    // Both day fields "?", and minutes past 59: AWS and the local scheduler refuse both.
    expect(scheduleProblem("cron(0 6 ? * ? *)")).toContain("exactly one of day-of-month");
    expect(scheduleProblem("cron(99 6 * * ? *)")).toContain("Invalid schedule");
    expect(scheduleProblem("at(2026-01-01T00:00:00)")).toContain("runs once");
  });
});
