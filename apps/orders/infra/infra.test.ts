import { fileURLToPath } from "node:url";
import { evaluate, resourcesOfType } from "@acme/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../src/handler";
import { routes } from "./index";

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

describe("orders infra", () => {
  let evaluation: Awaited<ReturnType<typeof evaluate>>;
  beforeAll(async () => {
    evaluation = await evaluate({ appDir });
  }, 120_000);

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

  it("runs the functions in the database's VPC", () => {
    expect(resourcesOfType(evaluation, "sst:aws:Postgres")).toHaveLength(1);
    for (const name of ["ApiHandler", "Migrator"]) {
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
});
