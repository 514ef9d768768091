---
to: apps/<%= name %>/infra/infra.test.ts
---
import { fileURLToPath } from "node:url";
import { evaluate, resourcesOfType } from "@<%= org %>/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
<%_ if (kind === "http") { _%>
import { app } from "../src/app";
import { routes } from "./index";
<%_ } _%>

/**
 * The service's own resources, evaluated offline with SST's component code under Pulumi mocks (no
 * AWS). The platform's conventions (runtime, tags, log retention...) are tested centrally.
 */
const appDir = fileURLToPath(new URL("..", import.meta.url));

describe("<%= name %> infra", () => {
  let evaluation: Awaited<ReturnType<typeof evaluate>>;
  beforeAll(async () => {
    evaluation = await evaluate({ appDir });
  }, 120_000);
<%_ if (kind === "http") { _%>

  it("routes every API route to the one function that runs the app", () => {
    const routeKeys = resourcesOfType(evaluation, "aws:apigatewayv2/route:Route").map(
      (route) => route.inputs.routeKey,
    );
    expect(routeKeys.sort()).toEqual([...routes].sort());
    expect(resourcesOfType(evaluation, "aws:lambda/function:Function")).toHaveLength(1);
  });

  it("has every API route served by the app", () => {
    const served = app.routes
      .filter((route) => route.method !== "ALL")
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`);
    for (const route of routes) expect(served).toContain(route);
  });
<%_ } else if (kind === "worker") { _%>

  it("moves messages that fail 3 times to the dead-letter queue", () => {
    const queues = resourcesOfType(evaluation, "aws:sqs/queue:Queue");
    const queue = queues.find((resource) => resource.name === "QueueQueue");
    expect(JSON.parse(String(queue?.inputs.redrivePolicy))).toMatchObject({ maxReceiveCount: 3 });
    const names = queues.map((resource) => resource.name).sort();
    expect(names).toEqual(["QueueDlqQueue", "QueueQueue"]);
  });

  it("subscribes the consumer with partial batch responses", () => {
    const [mapping] = resourcesOfType(
      evaluation,
      "aws:lambda/eventSourceMapping:EventSourceMapping",
    );
    expect(mapping?.inputs.functionResponseTypes).toEqual(["ReportBatchItemFailures"]);
    expect(resourcesOfType(evaluation, "aws:lambda/function:Function")).toHaveLength(1);
  });
<%_ } else { _%>

  it("runs the job on its schedule", () => {
    const [schedule] = resourcesOfType(evaluation, "aws:scheduler/schedule:Schedule");
    expect(schedule?.inputs.scheduleExpression).toBe("<%= schedule %>");
    expect(resourcesOfType(evaluation, "aws:lambda/function:Function")).toHaveLength(1);
  });
<%_ } _%>
<%_ if (database === "postgres") { _%>

  it("runs the function in the database's VPC", () => {
    expect(resourcesOfType(evaluation, "sst:aws:Postgres")).toHaveLength(1);
    const [fn] = resourcesOfType(evaluation, "aws:lambda/function:Function");
    expect(fn?.inputs.vpcConfig).toBeDefined();
  });
<%_ } _%>
<%_ if (bucket) { _%>

  it("has a bucket", () => {
    expect(resourcesOfType(evaluation, "sst:aws:Bucket")).toHaveLength(1);
  });
<%_ } _%>
});
