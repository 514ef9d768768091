import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { evaluate, resourcesOfType } from "@acme/sst-offline";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkspaceCopy } from "./workspace";

/**
 * A team's path: generate a service, grow it with each command, run all its targets, and serve
 * it locally: a row written through the API is in Postgres, an object in the bucket's folder, a
 * message sent to the new queue is consumed. A second service, made without a database, gets one
 * with resource --type postgres and serves rows from it.
 */
const output = (result: { stdout: string; stderr: string }) => `${result.stdout}\n${result.stderr}`;

/**
 * A second service, made without a database and given one by `resource --type postgres`
 * between a route and a consumer, with a consumer before it too: both reach the database.
 */
const growDesk: string[][] = [
  ["route", "desk", "--method", "GET", "--path", "/tickets/{ticketId}"],
  ["consumer", "desk", "--name", "Intake"],
  ["resource", "desk", "--type", "postgres", "--name", "Database"],
  ["consumer", "desk", "--name", "Escalations"],
];

const grow: string[][] = [
  ["route", "shop", "--method", "POST", "--path", "/orders/{orderId}/cancel"],
  ["consumer", "shop", "--name", "Payments"],
  ["resource", "shop", "--type", "bucket", "--name", "Invoices"],
  ["resource", "shop", "--type", "queue", "--name", "Jobs"],
  ["resource", "shop", "--type", "table", "--name", "Ledger"],
  ["resource", "shop", "--type", "secret", "--name", "ApiKey"],
];

describe("a service grown with route, consumer and resource, end to end", () => {
  let workspace: WorkspaceCopy;
  beforeAll(() => {
    workspace = new WorkspaceCopy();
  });
  afterAll(() => workspace.remove());

  it("generates and grows the service; each command run again changes nothing", () => {
    const created = workspace.nx(
      "g",
      "@acme/platform:service",
      "shop",
      "--kind",
      "http",
      "--owner",
      "payments",
      "--database",
      "postgres",
      "--bucket",
      "--no-interactive",
      "--skipInstall",
    );
    expect(created.status, output(created)).toBe(0);
    generate(workspace, "service", "desk", "--kind", "http", "--owner", "support", "--skipInstall");
    for (const command of [...grow, ...growDesk]) {
      const result = workspace.nx(
        "g",
        `@acme/platform:${command[0]}`,
        ...command.slice(1),
        "--no-interactive",
      );
      expect(result.status, output(result)).toBe(0);
    }
    workspace.commit("grown");
    for (const command of [...grow, ...growDesk]) {
      const again = workspace.nx(
        "g",
        `@acme/platform:${command[0]}`,
        ...command.slice(1),
        "--no-interactive",
      );
      expect(again.status, output(again)).toBe(0);
    }
    expect(workspace.changes()).toEqual([]);
    // --dry-run lists what a command would write, and writes nothing.
    const dryRun = workspace.nx(
      "g",
      "@acme/platform:resource",
      "shop",
      "--type",
      "bucket",
      "--name",
      "Archive",
      "--dry-run",
      "--no-interactive",
    );
    expect(dryRun.status, output(dryRun)).toBe(0);
    expect(dryRun.stdout).toContain("UPDATE apps/shop/infra/resources.ts");
    expect(workspace.changes()).toEqual([]);
    // resource --type postgres on a service without a database: --dry-run lists its files.
    generate(
      workspace,
      "service",
      "kiosk",
      "--kind",
      "worker",
      "--owner",
      "support",
      "--skipInstall",
    );
    workspace.commit("kiosk");
    const dryPostgres = workspace.nx(
      "g",
      "@acme/platform:resource",
      "kiosk",
      "--type",
      "postgres",
      "--name",
      "Database",
      "--dry-run",
      "--no-interactive",
    );
    expect(dryPostgres.status, output(dryPostgres)).toBe(0);
    for (const line of [
      "UPDATE apps/kiosk/infra/index.ts",
      "CREATE apps/kiosk/src/migrate.ts",
      "CREATE apps/kiosk/migrations/0001_create_messages.sql",
      "UPDATE apps/kiosk/src/consumer.ts",
    ]) {
      expect(dryPostgres.stdout).toContain(line);
    }
    expect(workspace.changes()).toEqual([]);
    generate(workspace, "resource", "kiosk", "--type", "postgres", "--name", "Database");
    workspace.commit("kiosk with its database");
    // A cron job is refused, with nothing written.
    generate(
      workspace,
      "service",
      "nightly",
      "--kind",
      "cron",
      "--owner",
      "support",
      "--skipInstall",
    );
    workspace.commit("nightly");
    const refused = workspace.nx(
      "g",
      "@acme/platform:resource",
      "nightly",
      "--type",
      "postgres",
      "--name",
      "Database",
      "--no-interactive",
    );
    expect(refused.status).not.toBe(0);
    expect(output(refused)).toContain("nightly is a cron job");
    expect(workspace.changes()).toEqual([]);
  });

  it("runs desk's consumers, made before and after its database, in its VPC, linked to it", async () => {
    const evaluation = await evaluate({ appDir: join(workspace.root, "apps", "desk") });
    const lambdas = resourcesOfType(evaluation, "aws:lambda/function:Function");
    const [vpc] = resourcesOfType(evaluation, "sst:aws:Vpc");
    expect(vpc).toBeDefined();
    for (const name of ["IntakeConsumer", "EscalationsConsumer"]) {
      expect(evaluation.functionLinks[name], name).toEqual(
        expect.arrayContaining(["Database", name.replace(/Consumer$/, "")]),
      );
      const lambda = lambdas.find((candidate) => candidate.name === `${name}Function`);
      const subnets = (lambda?.inputs.vpcConfig as { subnetIds?: unknown[] } | undefined)
        ?.subnetIds;
      expect(subnets?.length, name).toBeGreaterThan(0);
    }
  }, 300_000);

  // policy: the grown resources (the Migrator, the table, the buckets, the queues, desk's
  // consumers in the VPC) keep the rules, iam-linked-only among them.
  it("passes every target", () => {
    const run = workspace.nx(
      "run-many",
      "-t",
      "typecheck",
      "lint",
      "format-check",
      "test",
      "link-types",
      "platform-check",
      "policy",
      "template-check",
      "build",
      "evaluate",
      "-p",
      "@acme/shop,@acme/desk,@acme/kiosk",
      "--output-style=static",
    );
    expect(run.status, output(run)).toBe(0);
    // The test batch prints nothing on success: run the resources' generated tests again, to see
    // each pass. The queue's sends through queue() to the local SQS endpoint and receives it back.
    const resourceTests = workspace.run(join(workspace.root, "node_modules", ".bin", "vitest"), [
      "run",
      "--root",
      "apps/shop",
      "--reporter=verbose",
      "resource.test.ts",
    ]);
    expect(resourceTests.status, output(resourceTests)).toBe(0);
    for (const test of [
      "jobs-queue.resource.test.ts > the Jobs queue > sends a message and receives it back",
      "invoices-bucket.resource.test.ts > the Invoices bucket > stores an object and reads it back",
      "ledger-table.resource.test.ts > the Ledger table > stores an item and reads it back",
      "api-key-secret.resource.test.ts > the ApiKey secret > is read by the service's code through resource()",
    ]) {
      expect(resourceTests.stdout).toContain(`✓ src/${test}`);
    }
  });

  it("serves it: a row in Postgres, an object in the bucket, a message consumed once", async () => {
    const appDir = join(workspace.root, "apps", "shop");
    const serve = startServe(workspace.root, appDir);
    try {
      const text = await serve.waitFor(/Listening on (http:\/\/localhost:\d+)/);
      // The Migrator ran before the first request, and the grown table has its local endpoint.
      expect(text).toMatch(/Migrations applied: 0001_create_items/);
      expect(text).toMatch(/DynamoDB: http:\/\/127\.0\.0\.1:\d+/);
      const url = /Listening on (http:\/\/localhost:\d+)/.exec(text)?.[1] as string;
      await expectItemInPostgres(serve, url, "book");

      const stored = await fetch(`${url}/files/hello.txt`, { method: "PUT", body: "hello" });
      expect(stored.status).toBe(204);
      const folder = join(appDir, ".local", "buckets", "Bucket", "files", "hello.txt");
      expect(readFileSync(folder, "utf8")).toBe("hello");

      const cancelled = await fetch(`${url}/orders/o-1/cancel`, { method: "POST" });
      expect(cancelled.status).toBe(200);

      const sent = await fetch(`${url}/queues/Payments/messages`, {
        method: "POST",
        body: JSON.stringify({ id: "pay-1" }),
      });
      expect(sent.status).toBe(202);
      await serve.waitFor(/"Payments message handled"[^\n]*"id":"pay-1"/);
    } finally {
      await serve.stop();
    }
  }, 300_000);

  it("serves the service given its database: a row written through the API is in Postgres", async () => {
    const serve = startServe(workspace.root, join(workspace.root, "apps", "desk"), 3711, 55711);
    try {
      const text = await serve.waitFor(/Listening on (http:\/\/localhost:\d+)/);
      expect(text).toMatch(/Migrations applied: 0001_create_items/);
      const url = /Listening on (http:\/\/localhost:\d+)/.exec(text)?.[1] as string;
      await expectItemInPostgres(serve, url, "ticket printer");
      expect((await fetch(`${url}/tickets/t-1`)).status).toBe(200);
    } finally {
      await serve.stop();
    }
  }, 300_000);
});

describe("renaming and removing a service, end to end", () => {
  let workspace: WorkspaceCopy;
  beforeAll(() => {
    workspace = new WorkspaceCopy();
  });
  afterAll(() => workspace.remove());

  it("renames a grown service, which then passes its checks, and removes it", () => {
    for (const args of [
      [
        "service",
        "till",
        "--kind",
        "worker",
        "--owner",
        "payments",
        "--database",
        "postgres",
        "--skipInstall",
      ],
      ["consumer", "till", "--name", "Refunds"],
      // node_modules is the source workspace's: no npm install in the copy.
      ["rename-service", "till", "register", "--skipInstall"],
    ]) {
      const result = workspace.nx(
        "g",
        `@acme/platform:${args[0]}`,
        ...args.slice(1),
        "--no-interactive",
      );
      expect(result.status, output(result)).toBe(0);
    }
    expect(existsSync(join(workspace.root, "apps", "till"))).toBe(false);
    const run = workspace.nx(
      "run-many",
      "-t",
      "typecheck",
      "lint",
      "link-types",
      "platform-check",
      "policy",
      "-p",
      "@acme/register",
      "--output-style=static",
    );
    expect(run.status, output(run)).toBe(0);

    const refused = workspace.nx(
      "g",
      "@acme/platform:remove-service",
      "register",
      "--no-interactive",
    );
    expect(refused.status).not.toBe(0);
    expect(output(refused)).toContain("Remove register's deployed stages first");
    const removed = workspace.nx(
      "g",
      "@acme/platform:remove-service",
      "register",
      "--stagesRemoved",
      "--skipInstall",
      "--no-interactive",
    );
    expect(removed.status, output(removed)).toBe(0);
    expect(existsSync(join(workspace.root, "apps", "register", "package.json"))).toBe(false);
    expect(readFileSync(join(workspace.root, "CODEOWNERS"), "utf8")).not.toContain("register");
  });
});

/** `nx g @acme/platform:<generator> ...` without prompts, which must succeed. */
function generate(workspace: WorkspaceCopy, generator: string, ...args: string[]) {
  const result = workspace.nx("g", `@acme/platform:${generator}`, ...args, "--no-interactive");
  expect(result.status, output(result)).toBe(0);
  return result;
}

/**
 * An item created through the served API is read back by it, and is the one row of `items` that
 * a Postgres client finds in the serve's embedded Postgres.
 */
async function expectItemInPostgres(
  serve: ReturnType<typeof startServe>,
  url: string,
  name: string,
): Promise<void> {
  const postgresUrl = (await serve.waitFor(/Postgres: (postgres:\/\/\S+)/)).match(
    /Postgres: (postgres:\/\/\S+)/,
  )?.[1] as string;
  const created = await fetch(`${url}/items`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  expect(created.status).toBe(201);
  const item = (await created.json()) as { id: string; name: string };
  expect(await (await fetch(`${url}/items/${item.id}`)).json()).toEqual(item);
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const { rows } = await client.query("select id, name from items");
    expect(rows).toEqual([item]);
  } finally {
    await client.end();
  }
}

/** `nx serve`'s runner on the app, with a secret's local value, until stopped. */
function startServe(root: string, appDir: string, port = 3710, postgresPort = 55710) {
  const secrets = join(appDir, ".local", "secrets.json");
  if (!existsSync(secrets)) {
    spawnSyncWrite(secrets, JSON.stringify({ ApiKey: "local-value" }));
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(root, "packages", "local", "bin", "shipyard-serve.mjs"),
      "--port",
      String(port),
      "--postgres-port",
      String(postgresPort),
      "--no-watch",
    ],
    {
      cwd: appDir,
      env: { ...process.env, NODE_NO_WARNINGS: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    waitFor: async (pattern: RegExp, timeoutMs = 180_000): Promise<string> => {
      const started = Date.now();
      while (!pattern.test(text)) {
        if (child.exitCode !== null) throw new Error(`serve exited:\n${text}`);
        if (Date.now() - started > timeoutMs)
          throw new Error(`Timed out waiting for ${pattern}:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      return text;
    },
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

function spawnSyncWrite(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}
