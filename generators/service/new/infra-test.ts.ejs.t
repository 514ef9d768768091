---
to: apps/<%= name %>/infra/infra.test.ts
---
import { fileURLToPath } from "node:url";
import { evaluate, resourcesOfType } from "@<%= org %>/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
<%_ if (kind === "http") { _%>
import { app } from "../src/handler";
import { routes } from "./index";
<%_ } _%>

/**
 * The service's own resources, evaluated offline with SST's component code under Pulumi mocks (no
 * AWS). The platform's conventions (runtime, tags, log retention...) are tested centrally.
 */
const appDir = fileURLToPath(new URL("..", import.meta.url));

/** The Lambda function of an `sst.aws.Function` component, by the component's name. */
function lambda(evaluation: Awaited<ReturnType<typeof evaluate>>, component: string) {
  return resourcesOfType(evaluation, "aws:lambda/function:Function").find(
    (fn) => fn.name === `${component}Function`,
  );
}

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
    const handler = lambda(evaluation, "ApiHandler");
    const integrations = resourcesOfType(evaluation, "aws:apigatewayv2/integration:Integration");
    expect(integrations.length).toBeGreaterThan(0);
    for (const integration of integrations) {
      expect(String(integration.inputs.integrationUri)).toContain(String(handler?.inputs.name));
    }
  });

  // API Gateway answers 404 for a route it does not know, and invokes the function for one the
  // app does not serve: the app and `routes` must list the same routes.
  const served = [
    ...new Set(
      app.routes
        .filter((route) => route.method !== "ALL")
        .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`),
    ),
  ];

  it("has every API route served by the app", () => {
    for (const route of routes) expect(served, `${route} is in infra/index.ts`).toContain(route);
  });

  it("has every route of the app in the API", () => {
    for (const route of served) {
      expect(
        routes,
        `${route} is served by src/app.ts: add it to routes in infra/index.ts`,
      ).toContain(route);
    }
  });
<%_ } else if (kind === "worker") { _%>

  it("moves messages that fail 3 times to the dead-letter queue", () => {
    const queues = resourcesOfType(evaluation, "aws:sqs/queue:Queue");
    const queue = queues.find((resource) => resource.name === "QueueQueue");
    expect(JSON.parse(String(queue?.inputs.redrivePolicy))).toMatchObject({ maxReceiveCount: 3 });
    const names = queues.map((resource) => resource.name);
    expect(names).toEqual(expect.arrayContaining(["QueueDlqQueue", "QueueQueue"]));
  });

  it("subscribes the consumer with partial batch responses", () => {
    const consumer = lambda(evaluation, "Consumer");
    const mapping = resourcesOfType(
      evaluation,
      "aws:lambda/eventSourceMapping:EventSourceMapping",
    ).find((resource) =>
      String(resource.inputs.functionName).includes(String(consumer?.inputs.name)),
    );
    expect(mapping?.inputs.functionResponseTypes).toEqual(["ReportBatchItemFailures"]);
  });
<%_ } else { _%>

  it("runs the job on its schedule", () => {
    const [schedule] = resourcesOfType(evaluation, "aws:scheduler/schedule:Schedule");
    expect(schedule?.inputs.scheduleExpression).toBe("<%= schedule %>");
    expect(lambda(evaluation, "JobHandler")).toBeDefined();
  });
<%_ } _%>
<%_ if (database === "postgres") { _%>

  it("runs the functions in the database's VPC", () => {
    expect(resourcesOfType(evaluation, "sst:aws:Postgres")).toHaveLength(1);
    for (const name of ["<%= kind === "http" ? "ApiHandler" : "Consumer" %>", "Migrator"]) {
      expect(lambda(evaluation, name)?.inputs.vpcConfig, name).toBeDefined();
    }
  });

  it("runs the migrations on deploy, again when they change", () => {
    const [invocation] = resourcesOfType(evaluation, "aws:lambda/invocation:Invocation");
    const migrator = lambda(evaluation, "Migrator");
    expect(migrator?.inputs.handler).toMatch(/migrate\.handler$/);
    expect(invocation?.inputs.functionName).toBe(migrator?.inputs.name);
    expect(invocation?.inputs.triggers).toEqual({
      migrations: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });
<%_ } _%>
<%_ if (bucket) { _%>

  it("has a bucket", () => {
    const buckets = resourcesOfType(evaluation, "sst:aws:Bucket");
    expect(buckets.filter((bucket) => bucket.name === "Bucket")).toHaveLength(1);
  });
<%_ } _%>
});
