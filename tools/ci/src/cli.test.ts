import { describe, expect, it } from "vitest";
import { githubOutputs } from "./cli.ts";
import { buildPlan } from "./plan/plan.ts";

describe("githubOutputs", () => {
  it("writes one name=value line per output, JSON on one line", () => {
    const plan = buildPlan({
      base: "a",
      head: "b",
      changes: [],
      graph: undefined,
      removedServices: [{ project: "@acme/old", root: "apps/old" }],
      options: { pullRequest: 7 },
    });
    expect(githubOutputs(plan).split("\n")).toEqual([
      "tasks=0",
      "shards=[]",
      "deploys=false",
      "deploy-waves=[]",
      "preview-stage=pr-7",
      "removals=true",
      'removed-services=[[{"project":"@acme/old","root":"apps/old"}]]',
      "",
    ]);
  });
});
