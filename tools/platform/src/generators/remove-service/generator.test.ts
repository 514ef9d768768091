import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Tree } from "@nx/devkit";
import * as devkit from "@nx/devkit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { addService, createTestWorkspace, snapshot } from "../shared/test-workspace";
import { removeServiceGenerator } from "./generator";

vi.mock("@nx/devkit", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@nx/devkit")>()),
  installPackagesTask: vi.fn(),
}));

let tree: Tree;
let remove: () => void;
beforeEach(async () => {
  ({ tree, remove } = createTestWorkspace());
  await addService(tree, { name: "orders", kind: "http" });
  await addService(tree, { name: "inbox", kind: "worker", owner: "growth" });
  vi.mocked(devkit.installPackagesTask).mockClear();
});
afterEach(() => remove());

describe("remove-service generator", () => {
  it("deletes the service and its CODEOWNERS line, and installs afterwards", async () => {
    const callback = await removeServiceGenerator(tree, { service: "orders", stagesRemoved: true });
    expect(tree.children("apps/orders")).toEqual([]);
    expect(tree.exists("apps/orders/package.json")).toBe(false);
    const owners = tree.read("CODEOWNERS", "utf-8") ?? "";
    expect(owners).not.toContain("/apps/orders/");
    expect(owners).toContain("/apps/inbox/ @acme/growth\n");
    expect(devkit.installPackagesTask).not.toHaveBeenCalled();
    await callback();
    expect(devkit.installPackagesTask).toHaveBeenCalledTimes(1);
  });

  it("deletes the .sst link to the shared SST platform, never what it points to", async () => {
    const platform = mkdtempSync(join(tmpdir(), "platform-"));
    writeFileSync(join(platform, "config.d.ts"), "shared");
    mkdirSync(join(tree.root, "apps", "orders"), { recursive: true });
    symlinkSync(platform, join(tree.root, "apps", "orders", ".sst"));
    await removeServiceGenerator(tree, { service: "orders", stagesRemoved: true });
    const deleted = tree
      .listChanges()
      .filter((change) => change.type === "DELETE")
      .map((change) => change.path);
    expect(deleted).toContain("apps/orders/.sst");
    expect(deleted.filter((path) => path.startsWith("apps/orders/.sst/"))).toEqual([]);
    rmSync(platform, { recursive: true, force: true });
  });

  it("refuses until the deployed stages are removed, with nothing written", async () => {
    const before = snapshot(tree);
    await expect(removeServiceGenerator(tree, { service: "orders" })).rejects.toThrow(
      /Remove orders's deployed stages first.*nx remove orders --stage <stage>/,
    );
    expect(snapshot(tree)).toEqual(before);
  });

  it("refuses a service another project depends on", async () => {
    const manifest = JSON.parse(tree.read("apps/inbox/package.json", "utf-8") ?? "{}");
    manifest.dependencies["@acme/orders"] = "*";
    tree.write("apps/inbox/package.json", JSON.stringify(manifest));
    await expect(
      removeServiceGenerator(tree, { service: "orders", stagesRemoved: true }),
    ).rejects.toThrow(/@acme\/inbox depends on @acme\/orders/);
  });

  it("refuses an unknown service", async () => {
    await expect(
      removeServiceGenerator(tree, { service: "nope", stagesRemoved: true }),
    ).rejects.toThrow(/There is no service "nope"/);
  });
});
