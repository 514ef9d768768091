import type { Tree } from "@nx/devkit";
import * as devkit from "@nx/devkit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { routeGenerator } from "../route/generator";
import { addService, createTestWorkspace, snapshot } from "../shared/test-workspace";
import { renameServiceGenerator } from "./generator";

vi.mock("@nx/devkit", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@nx/devkit")>()),
  installPackagesTask: vi.fn(),
}));

let tree: Tree;
let remove: () => void;
beforeEach(async () => {
  ({ tree, remove } = createTestWorkspace());
  await addService(tree, { name: "orders", kind: "http", database: "postgres", bucket: true });
  await addService(tree, { name: "inbox", kind: "worker", owner: "growth" });
  await routeGenerator(tree, { service: "orders", method: "POST", path: "/orders/{id}/cancel" });
  vi.mocked(devkit.installPackagesTask).mockClear();
});
afterEach(() => remove());
const read = (path: string) => tree.read(path, "utf-8") ?? "";

describe("rename-service generator", () => {
  it("moves the service and renames it where it names the service", async () => {
    const callback = await renameServiceGenerator(tree, { service: "orders", newName: "shop" });
    expect(tree.exists("apps/orders/package.json")).toBe(false);
    const manifest = JSON.parse(read("apps/shop/package.json"));
    expect(manifest.name).toBe("@acme/shop");
    expect(manifest.shipyard.answers.name).toBe("shop");
    expect(read("apps/shop/sst.config.ts")).toContain('name: "shop"');
    expect(read("apps/shop/sst.config.ts")).toContain(
      'applyConventions({ service: "shop", owner: "payments" });',
    );
    expect(read("apps/shop/infra/index.ts")).toContain('database: "shop",');
    expect(read("apps/shop/src/app.ts")).toContain('createHttpApp({ service: "shop" })');
    expect(read("apps/shop/src/app.test.ts")).toContain('const bucketName = "shop-test-bucket";');
    expect(read("apps/shop/README.md")).toMatch(/^# shop$/m);
    // A route that happens to contain the old name is the API's, not the service's name.
    expect(read("apps/shop/infra/index.ts")).toContain('"POST /orders/{id}/cancel",');
    const owners = read("CODEOWNERS");
    expect(owners).toContain("/apps/shop/ @acme/payments\n");
    expect(owners).not.toContain("/apps/orders/");
    await callback();
    expect(devkit.installPackagesTask).toHaveBeenCalledTimes(1);
  });

  it.each([
    ["http", { database: "postgres" as const, bucket: true }],
    ["worker", {}],
    ["cron", { bucket: true }],
  ] as const)(
    "leaves a %s service as if it had been generated under its new name",
    async (kind, shape) => {
      const answers = { kind, owner: "growth", description: "Sends the receipts.", ...shape };
      await addService(tree, { name: "receipts", ...answers });
      await renameServiceGenerator(tree, { service: "receipts", newName: "ledger-api" });
      const fresh = createTestWorkspace();
      try {
        await addService(fresh.tree, { name: "ledger-api", ...answers });
        expect(filesOf(tree, "ledger-api")).toEqual(filesOf(fresh.tree, "ledger-api"));
      } finally {
        fresh.remove();
      }
    },
  );

  it("leaves another package whose name starts with the service's", async () => {
    tree.write("apps/orders/src/client.ts", 'export * from "@acme/orders-client";\n');
    await renameServiceGenerator(tree, { service: "orders", newName: "shop" });
    expect(read("apps/shop/src/client.ts")).toBe('export * from "@acme/orders-client";\n');
  });

  it.each([
    ["Shop", /must be kebab-case/],
    ["inbox", /already exists/],
    ["orders", /already has that name/],
    ["platform", /is reserved/],
    ["a-much-too-long-service-name", /at most \d+ fit/],
  ])("refuses %s with nothing written", async (newName, message) => {
    const before = snapshot(tree);
    await expect(renameServiceGenerator(tree, { service: "orders", newName })).rejects.toThrow(
      message,
    );
    expect(snapshot(tree)).toEqual(before);
  });
});

/** A service's files, by path inside its folder. */
function filesOf(tree: Tree, name: string): Map<string, string | undefined> {
  const prefix = `apps/${name}/`;
  return new Map(
    [...snapshot(tree)]
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, content]) => [path.slice(prefix.length), content]),
  );
}
