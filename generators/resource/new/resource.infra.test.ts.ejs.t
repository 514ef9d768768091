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

<%_ if (type === "postgres") { _%>
  it("is linked to the service's function and the Migrator", () => {
    for (const name of ["<%= kind === "http" ? "ApiHandler" : "Consumer" %>", "Migrator"]) {
      expect(evaluation.functionLinks[name], name).toContain("<%= componentName %>");
    }
  });
<%_ } else { _%>
  it("is linked to every function but the Migrator", () => {
    const functions = Object.entries(evaluation.functionLinks).filter(
      ([name]) => name !== "Migrator",
    );
    expect(functions.length).toBeGreaterThan(0);
    for (const [name, links] of functions) expect(links, name).toContain("<%= componentName %>");
  });
<%_ } _%>
<%_ if (awsType) { _%>

  it("carries the platform's tags", () => {
    const [resource] = resourcesOfType(evaluation, "<%= awsType %>").filter(
      (candidate) => candidate.name === "<%= componentName %><%= awsSuffix %>",
    );
    expect(resource?.inputs.tags).toMatchObject({
      service: "<%= service %>",
      "managed-by": "shipyard",
    });
  });
<%_ } _%>
<%_ if (holdsData) { _%>

  it("is kept when the production stage is removed", async () => {
    // Secrets have no placeholder in production (they are set with sst secret set): give each one.
    for (const link of evaluation.links.filter((l) => l.type === "sst.sst.Secret")) {
      process.env[`SST_SECRET_${link.name}`] ??= "test-value";
    }
    const production = await evaluate({ appDir, stage: "production" });
    const [resource] = resourcesOfType(production, "<%= awsType %>").filter(
      (candidate) => candidate.name === "<%= componentName %><%= awsSuffix %>",
    );
    expect(resource?.options.retainOnDelete).toBe(true);
  }, 120_000);
<%_ } _%>
});
