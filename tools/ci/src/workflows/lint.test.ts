import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sourceWorkspace } from "../testing/workspace-copy.ts";
import { lintWorkflows } from "./lint.ts";

const workflows = join(sourceWorkspace, ".github", "workflows");

describe("lintWorkflows (actionlint)", () => {
  it("passes every workflow of this repository", async () => {
    expect(await lintWorkflows(workflows)).toEqual([]);
  });

  it("reports a wrong job reference and an unknown runner in a workflow", async () => {
    const dir = mkdtempSync(join(tmpdir(), "workflows-"));
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
    expect(await lintWorkflows(mkdtempSync(join(tmpdir(), "empty-")))).toEqual([
      expect.stringMatching(/No workflow files/),
    ]);
  });
});
