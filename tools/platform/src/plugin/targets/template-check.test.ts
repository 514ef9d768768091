import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createNodesV2 } from "../create-nodes";

let workspaceRoot: string;
beforeEach(() => {
  workspaceRoot = mkdtempSync(join(tmpdir(), "template-check-target-"));
});
afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

const files: Record<string, unknown> = {
  "tools/platform/package.json": { name: "@acme/platform" },
  "apps/orders/package.json": { name: "@acme/orders" },
  "apps/orders/sst.config.ts": "",
  "packages/lib/package.json": { name: "@acme/lib" },
};

async function targetsOf(projectRoot: string) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(workspaceRoot, path)), { recursive: true });
    writeFileSync(
      join(workspaceRoot, path),
      typeof content === "string" ? content : JSON.stringify(content),
    );
  }
  const manifests = Object.keys(files).filter((path) => path.endsWith("package.json"));
  const results = await createNodesV2[1](manifests, undefined, {
    workspaceRoot,
    nxJsonConfiguration: {},
  });
  const result = results.find(([path]) => path === `${projectRoot}/package.json`)?.[1];
  return result?.projects?.[projectRoot]?.targets ?? {};
}

it("gives every service a cached template-check keyed on the template version, policy and the check's code", async () => {
  const target = (await targetsOf("apps/orders"))["template-check"];
  expect(target).toMatchObject({ executor: "@acme/platform:template-check", cache: true });
  expect(target?.inputs).toEqual(
    expect.arrayContaining([
      "default",
      "{workspaceRoot}/generators/service/template.json",
      "{workspaceRoot}/CODEOWNERS",
      "{workspaceRoot}/package.json",
      // The plugin's own code and what it imports, from the need on @acme/platform: Nx reads
      // `dependencies: true` as the dependencies alone, so the package itself is a second input.
      { input: "production", projects: ["@acme/platform"] },
      { dependencies: true, input: "production", projects: ["@acme/platform"] },
    ]),
  );
  expect(target?.metadata?.description).toMatch(/upgrade/);
  expect((await targetsOf("packages/lib"))["template-check"]).toBeUndefined();
});
