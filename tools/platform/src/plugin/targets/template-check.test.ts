import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createNodes } from "../create-nodes";

let workspaceRoot: string;
beforeEach(() => {
  workspaceRoot = mkdtempSync(join(tmpdir(), "template-check-target-"));
});
afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

function file(path: string) {
  mkdirSync(dirname(join(workspaceRoot, path)), { recursive: true });
  writeFileSync(join(workspaceRoot, path), "{}");
}

async function targetsOf(projectRoot: string) {
  const results = await createNodes[1]([`${projectRoot}/package.json`], undefined, {
    workspaceRoot,
    nxJsonConfiguration: {},
  });
  return results[0]?.[1].projects?.[projectRoot]?.targets ?? {};
}

it("gives every service a cached template-check keyed on the template version and the check", async () => {
  file("apps/orders/package.json");
  file("apps/orders/sst.config.ts");
  file("packages/lib/package.json");
  const target = (await targetsOf("apps/orders"))["template-check"];
  expect(target).toMatchObject({ executor: "@acme/platform:template-check", cache: true });
  expect(target?.inputs).toEqual(
    expect.arrayContaining([
      "default",
      "{workspaceRoot}/generators/service/template.json",
      "{workspaceRoot}/CODEOWNERS",
      "{workspaceRoot}/package.json",
      "{workspaceRoot}/tools/platform/src/**/*",
    ]),
  );
  expect(target?.metadata?.description).toMatch(/upgrade/);
  expect((await targetsOf("packages/lib"))["template-check"]).toBeUndefined();
});
