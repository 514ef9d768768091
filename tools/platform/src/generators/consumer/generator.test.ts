import type { Tree } from "@nx/devkit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { resourceGenerator } from "../resource/generator";
import { addService, createTestWorkspace, snapshot } from "../shared/test-workspace";
import { consumerGenerator } from "./generator";

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

describe("consumer generator", () => {
  it("adds the queue, its consumer, a test and the queue's link type", async () => {
    await consumerGenerator(tree, { service: "orders", name: "Payments" });
    const infra = read("apps/orders/infra/payments-consumer.ts");
    expect(infra).toContain('const queue = new sst.aws.Queue("Payments");');
    expect(infra).toContain('new sst.aws.Function("PaymentsConsumer", {');
    expect(infra).toContain('handler: "src/payments-consumer.handler",');
    expect(infra).toContain(
      "queue.subscribe(consumer.arn, { batch: { partialResponses: true } });",
    );
    const index = read("apps/orders/infra/index.ts");
    expect(index).toContain(
      '/// <reference path="../.sst/platform/config.d.ts" />\nimport { paymentsConsumer } from "./payments-consumer";\n',
    );
    // After the database it is given: infra() makes them first.
    expect(index).toContain(
      "  migrateOnDeploy(vpc, database);\n  paymentsConsumer(vpc, database);\n",
    );
    expect(read("apps/orders/src/payments-consumer.ts")).toContain(
      "export const handler = createBatchHandler({",
    );
    expect(read("apps/orders/src/payments-consumer.test.ts")).toContain(
      'describe("Payments consumer"',
    );
    // Link types stay sorted as SST sorts them.
    expect(read("apps/orders/sst-env.d.ts")).toMatch(
      /"Database": \{[\s\S]*\}\n {4}"Payments": \{\n {6}"type": "sst.aws.Queue"\n {6}"url": string\n {4}\}/,
    );
  });

  it("puts the consumer of a service with a database in its VPC and links the database", async () => {
    await consumerGenerator(tree, { service: "orders", name: "Payments" });
    const infra = read("apps/orders/infra/payments-consumer.ts");
    expect(infra).toContain(
      "export function paymentsConsumer(vpc: sst.aws.Vpc, database: sst.aws.Postgres) {",
    );
    expect(infra).toContain("    link: [queue, database, ...linkedResources()],\n    vpc,\n  });");
  });

  it("gives the consumer of a service without a database neither VPC nor database", async () => {
    await addService(tree, { name: "inbox", kind: "worker" });
    await consumerGenerator(tree, { service: "inbox", name: "Emails" });
    const infra = read("apps/inbox/infra/emails-consumer.ts");
    expect(infra).toContain("export function emailsConsumer() {");
    expect(infra).toContain("    link: [queue, ...linkedResources()],\n  });");
    expect(read("apps/inbox/infra/index.ts")).toContain(
      "export function infra() {\n  emailsConsumer();\n",
    );
  });

  it("refuses a service whose infra no longer makes its database first, with nothing written", async () => {
    tree.write(
      "apps/orders/infra/index.ts",
      read("apps/orders/infra/index.ts").replace(
        "  migrateOnDeploy(vpc, database);\n",
        "  migrateOnDeploy(vpc, database); // ours\n",
      ),
    );
    const before = snapshot(tree);
    await expect(consumerGenerator(tree, { service: "orders", name: "Payments" })).rejects.toThrow(
      /no longer has the line the command adds the consumer at \(\^ {2}migrateOnDeploy/,
    );
    expect(snapshot(tree)).toEqual(before);
  });

  it("changes nothing when run again", async () => {
    await consumerGenerator(tree, { service: "orders", name: "Payments" });
    const once = snapshot(tree);
    await consumerGenerator(tree, { service: "orders", name: "Payments" });
    expect(snapshot(tree)).toEqual(once);
  });

  it("adds a second consumer beside the first", async () => {
    await consumerGenerator(tree, { service: "orders", name: "Payments" });
    await consumerGenerator(tree, { service: "orders", name: "Refunds" });
    expect(read("apps/orders/infra/index.ts")).toContain(
      "  refundsConsumer(vpc, database);\n  paymentsConsumer(vpc, database);\n",
    );
  });

  it("refuses a queue whose consumer function would take a resource's name", async () => {
    await resourceGenerator(tree, { service: "orders", type: "bucket", name: "JobsConsumer" });
    const before = snapshot(tree);
    await expect(consumerGenerator(tree, { service: "orders", name: "Jobs" })).rejects.toThrow(
      /already has a component or link named "JobsConsumer"/,
    );
    expect(snapshot(tree)).toEqual(before);
  });

  it("refuses a name that is not PascalCase even when its files exist", async () => {
    await consumerGenerator(tree, { service: "orders", name: "Payments" });
    const before = snapshot(tree);
    await expect(consumerGenerator(tree, { service: "orders", name: "payments" })).rejects.toThrow(
      /must be PascalCase.*"Payments"/,
    );
    expect(snapshot(tree)).toEqual(before);
  });

  it("works for every kind of service", async () => {
    await addService(tree, { name: "inbox", kind: "worker" });
    await addService(tree, { name: "nightly", kind: "cron" });
    await consumerGenerator(tree, { service: "inbox", name: "Emails" });
    await consumerGenerator(tree, { service: "nightly", name: "Emails" });
    expect(read("apps/inbox/infra/index.ts")).toContain("  emailsConsumer();");
    expect(read("apps/nightly/infra/index.ts")).toContain("  emailsConsumer();");
  });

  it.each([
    [{ name: "payments" }, /must be PascalCase.*"Payments"/],
    [{ name: "Pay-ments" }, /must be PascalCase/],
    [{ name: "" }, /must be PascalCase/],
    [{ name: "PaymentsDlq" }, /ends in "Dlq"/],
    [{ name: "Database" }, /already has a component or link named "Database"/],
    [{ name: "Migrator" }, /already has a component or link named "Migrator"/],
    [{ name: "API" }, /already has a component or link named "Api"/],
    [{ name: "App" }, /"App" is reserved by SST/],
    [{ name: "AVeryLongQueueNameForPayments" }, /too long for orders/],
    [{ service: "nope" }, /There is no service "nope"/],
  ])("refuses %j with nothing written", async (overrides, message) => {
    const before = snapshot(tree);
    await expect(
      consumerGenerator(tree, { service: "orders", name: "Payments", ...overrides }),
    ).rejects.toThrow(message);
    expect(snapshot(tree)).toEqual(before);
  });
});
