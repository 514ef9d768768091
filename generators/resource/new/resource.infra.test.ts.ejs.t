---
to: apps/<%= service %>/infra/<%= fileBase %>.infra.test.ts
unless_exists: true
---
import { fileURLToPath } from "node:url";
import { evaluate, resourcesOfType } from "@<%= org %>/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";

const appDir = fileURLToPath(new URL("..", import.meta.url));

describe("the <%= componentName %> <%= type %> (nx g @<%= org %>/platform:resource)", () => {
  let evaluation: Awaited<ReturnType<typeof evaluate>>;
  beforeAll(async () => {
    evaluation = await evaluate({ appDir });
  }, 120_000);

  it("exists once", () => {
    const named = resourcesOfType(evaluation, "<%= pulumiType %>").filter(
      (resource) => resource.name === "<%= componentName %>",
    );
    expect(named).toHaveLength(1);
  });

  it("is linked to every function but the Migrator", () => {
    const functions = Object.entries(evaluation.functionLinks).filter(
      ([name]) => name !== "Migrator",
    );
    expect(functions.length).toBeGreaterThan(0);
    for (const [name, links] of functions) expect(links, name).toContain("<%= componentName %>");
  });
});
