import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sourceWorkspace } from "../testing/workspace-copy.ts";
import { lintWorkflows } from "./lint.ts";

const workflows = join(sourceWorkspace, ".github", "workflows");
const scratch: string[] = [];
const scratchDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("lintWorkflows (actionlint)", () => {
  it("passes every workflow of this repository", async () => {
    expect(await lintWorkflows(workflows)).toEqual([]);
  });

  it("reports a wrong job reference and an unknown runner in a workflow", async () => {
    const dir = scratchDir("shipyard-ci-workflows-");
    const broken = readFileSync(join(workflows, "pull-request.yml"), "utf8")
      .replace("needs.plan.outputs.tasks", "needs.plann.outputs.tasks")
      .replace("runs-on: ubuntu-latest", "runs-on: ubuntu-lastest");
    writeFileSync(join(dir, "pull-request.yml"), broken);
    copyFileSync(join(workflows, "deploy.yml"), join(dir, "deploy.yml"));
    const problems = await lintWorkflows(dir);
    expect(problems).toHaveLength(2);
    expect(problems.join("\n")).toMatch(/property "plann" is not defined/);
    expect(problems.join("\n")).toMatch(/label "ubuntu-lastest" is unknown/);
  });

  it("says so when a folder has no workflows", async () => {
    expect(await lintWorkflows(scratchDir("shipyard-ci-empty-"))).toEqual([
      expect.stringMatching(/No workflow files/),
    ]);
  });
});
