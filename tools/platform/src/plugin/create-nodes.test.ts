import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { CreateNodesContext, TargetConfiguration } from "@nx/devkit";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNodes, projectFilePattern } from "./create-nodes";
import type { PlatformPluginOptions } from "./options";

describe("@acme/platform createNodes", () => {
  let workspaceRoot: string;
  let context: CreateNodesContext;

  beforeEach(() => {
    workspaceRoot = mkdtempSync(join(tmpdir(), "platform-plugin-"));
    context = { workspaceRoot, nxJsonConfiguration: {} };
  });
  afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

  function file(path: string, content = "{}") {
    mkdirSync(dirname(join(workspaceRoot, path)), { recursive: true });
    writeFileSync(join(workspaceRoot, path), content);
  }

  async function targetsOf(
    projectRoot: string,
    options?: PlatformPluginOptions,
  ): Promise<Record<string, TargetConfiguration>> {
    const results = await createNodes[1]([`${projectRoot}/package.json`], options, context);
    const project = results[0]?.[1].projects?.[projectRoot];
    if (!project?.targets) throw new Error(`no project inferred for ${projectRoot}`);
    return project.targets;
  }

  it("matches workspace packages under apps, packages and tools", () => {
    expect(projectFilePattern).toBe("{apps,packages,tools}/*/package.json");
  });

  it("gives every project lint and format-check, each cached with a description", async () => {
    file("packages/lib/package.json");
    const targets = await targetsOf("packages/lib");
    expect(Object.keys(targets).sort()).toEqual(["format-check", "lint"]);
    for (const target of Object.values(targets)) {
      expect(target.cache).toBe(true);
      expect(target.options?.cwd).toBe("packages/lib");
      expect(target.metadata?.description).toMatch(/\w/);
    }
    expect(targets.lint?.command).toBe("biome lint --error-on-warnings .");
    expect(targets["format-check"]?.command).toBe("biome format .");
  });

  it("infers typecheck from tsconfig.json and test from vitest.config.ts", async () => {
    file("packages/lib/package.json");
    file("packages/lib/tsconfig.json");
    file("packages/lib/vitest.config.ts", "export default {};");
    const targets = await targetsOf("packages/lib");
    expect(targets.typecheck?.command).toBe(
      "node ../../node_modules/typescript-native/bin/tsc --noEmit -p tsconfig.json",
    );
    expect(targets.typecheck?.inputs).toContain("^production");
    expect(targets.test?.command).toBe("vitest run");
    expect(targets.test?.inputs).toContainEqual({ externalDependencies: ["vitest"] });
  });

  it("lets the workspace rename every target", async () => {
    file("packages/lib/package.json");
    file("packages/lib/tsconfig.json");
    file("packages/lib/vitest.config.ts");
    const targets = await targetsOf("packages/lib", {
      lintTargetName: "eslint",
      formatCheckTargetName: "fmt",
      typecheckTargetName: "tsc",
      testTargetName: "unit",
    });
    expect(Object.keys(targets).sort()).toEqual(["eslint", "fmt", "tsc", "unit"]);
  });

  it("runs typecheck and tests of projects that use SST's platform after it is installed", async () => {
    file("packages/infra/package.json", JSON.stringify({ name: "@acme/infra" }));
    file("packages/sst-offline/package.json", JSON.stringify({ name: "@acme/sst-offline" }));
    file("packages/sst-offline/vitest.config.ts");
    file(
      "packages/uses-offline/package.json",
      JSON.stringify({ devDependencies: { "@acme/sst-offline": "*" } }),
    );
    file("packages/uses-offline/vitest.config.ts");
    file("packages/plain/package.json");
    file("packages/plain/vitest.config.ts");
    file("packages/plain/tsconfig.json");
    file("apps/orders/package.json");
    file("apps/orders/tsconfig.json");
    file("apps/orders/vitest.config.ts");
    file("apps/orders/sst.config.ts");
    const afterInstall = [{ projects: ["@acme/infra"], target: "sst-install" }];

    const orders = await targetsOf("apps/orders");
    for (const name of ["typecheck", "test", "build", "infra", "link-types", "serve"]) {
      expect(orders[name]?.dependsOn, name).toEqual(afterInstall);
    }
    expect(orders.typecheck?.inputs).toContainEqual({ externalDependencies: ["sst"] });
    expect((await targetsOf("packages/sst-offline")).test?.dependsOn).toEqual(afterInstall);
    expect((await targetsOf("packages/uses-offline")).test?.dependsOn).toEqual(afterInstall);
    const plain = await targetsOf("packages/plain");
    expect(plain.test?.dependsOn).toBeUndefined();
    expect(plain.typecheck?.dependsOn).toBeUndefined();
  });

  it("gives a service under apps/ its SST targets, run in the service's folder", async () => {
    file("apps/orders/package.json");
    file("apps/orders/sst.config.ts");
    file("packages/lib/package.json");
    file("packages/lib/sst.config.ts");
    const targets = await targetsOf("apps/orders");
    expect(targets.deploy).toMatchObject({ command: "shipyard-sst deploy", cache: false });
    expect(targets.remove).toMatchObject({ command: "shipyard-sst remove", cache: false });
    expect(targets.dev).toMatchObject({ command: "shipyard-sst dev", continuous: true });
    expect(targets.serve).toMatchObject({ command: "shipyard-serve", continuous: true });
    expect(targets.infra).toMatchObject({ command: "sst-offline plan", cache: true });
    expect(targets.build?.outputs).toEqual(["{projectRoot}/dist"]);
    for (const name of ["build", "infra", "link-types", "serve", "dev", "deploy", "remove"]) {
      expect(targets[name]?.options?.cwd, name).toBe("apps/orders");
      expect(targets[name]?.metadata?.description, name).toMatch(/\w/);
    }
    expect((await targetsOf("packages/lib")).deploy).toBeUndefined();
  });

  it("puts the uncached sst-install target on the platform's SST home only", async () => {
    file("packages/infra/package.json", JSON.stringify({ name: "@acme/infra" }));
    file("packages/lib/package.json");
    const infra = await targetsOf("packages/infra");
    expect(infra["sst-install"]).toMatchObject({
      command: "node tools/platform/bin/sst-install.mjs",
      cache: false,
    });
    expect((await targetsOf("packages/lib"))["sst-install"]).toBeUndefined();
  });
});
