import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceWorkspace } from "./testing/workspace-copy.ts";

/**
 * The inputs that decide affected sets name the template's example services one by one (so a
 * change to any other service does not reach the platform's tests). They must follow
 * generators/service/examples.json, the list the example test reads.
 */
const json = (path: string) => JSON.parse(readFileSync(join(sourceWorkspace, path), "utf8"));

describe("affected inputs", () => {
  const { examples } = json("generators/service/examples.json") as { examples: string[] };
  const platformInputs = json("tools/platform/package.json").nx.targets.test.inputs as unknown[];

  it("the platform's tests read each example service, and no other service", () => {
    const apps = platformInputs.filter(
      (input) => typeof input === "string" && input.includes("/apps/"),
    );
    expect(apps.sort()).toEqual(examples.map((name) => `{workspaceRoot}/apps/${name}/**/*`).sort());
    expect(platformInputs).toContain("{workspaceRoot}/generators/service/examples.json");
  });

  it("the pipeline's own tests read the same example services", () => {
    const ciInputs = json("tools/ci/package.json").nx.targets.test.inputs as unknown[];
    const apps = ciInputs.filter((input) => typeof input === "string" && input.includes("/apps/"));
    expect(apps.sort()).toEqual(examples.map((name) => `{workspaceRoot}/apps/${name}/**/*`).sort());
  });

  it("no project's inputs take the whole workspace, and the lockfile is no global input", () => {
    const nx = json("nx.json");
    expect(nx.namedInputs.sharedGlobals).not.toContain("{workspaceRoot}/package-lock.json");
    expect(nx.pluginsConfig["@nx/js"].projectsAffectedByDependencyUpdates).toBe("auto");
    const e2eInputs = json("tools/e2e/package.json").nx.targets.test.inputs as unknown[];
    expect(e2eInputs).not.toContain("{workspaceRoot}/**/*");
  });
});
