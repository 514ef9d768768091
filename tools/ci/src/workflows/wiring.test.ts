import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { githubOutputs } from "../cli.ts";
import { buildPlan, MAX_DEPLOY_WAVES } from "../plan/plan.ts";
import { sourceWorkspace } from "../testing/workspace-copy.ts";

/** What the workflows read from shipyard-ci must be what it writes. */
const workflow = (name: string) =>
  readFileSync(join(sourceWorkspace, ".github", "workflows", name), "utf8");

describe("workflow wiring", () => {
  it("reads only the plan outputs that shipyard-ci plan --github-output writes", () => {
    const plan = buildPlan({
      base: "a",
      head: "b",
      changes: [],
      graph: undefined,
      removedServices: [],
    });
    const written = githubOutputs(plan)
      .trim()
      .split("\n")
      .map((line) => line.slice(0, line.indexOf("=")));
    for (const name of ["pull-request.yml", "main.yml"]) {
      const read = [...workflow(name).matchAll(/steps\.plan\.outputs\.([a-z-]+)/g)].map(
        (m) => m[1],
      );
      expect(read.length).toBeGreaterThan(0);
      for (const output of read) expect(written).toContain(output);
    }
  });

  it("has one deploy job per wave the plan may produce", () => {
    const jobs = [...workflow("deploy.yml").matchAll(/^ {2}wave-(\d+):$/gm)].map((m) =>
      Number(m[1]),
    );
    expect(jobs).toEqual(Array.from({ length: MAX_DEPLOY_WAVES }, (_, i) => i + 1));
  });
});
