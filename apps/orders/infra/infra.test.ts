import { fileURLToPath } from "node:url";
import { evaluate, resourcesOfType } from "@acme/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { app } from "../src/app";
import { routes } from "./index";

/**
 * The service's own resources, evaluated offline with SST's component code under Pulumi mocks (no
 * AWS). The platform's conventions (runtime, tags, log retention...) are tested centrally.
 */
const appDir = fileURLToPath(new URL("..", import.meta.url));

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
    expect(resourcesOfType(evaluation, "aws:lambda/function:Function")).toHaveLength(1);
  });

  it("has every API route served by the app", () => {
    const served = app.routes
      .filter((route) => route.method !== "ALL")
      .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`);
    for (const route of routes) expect(served).toContain(route);
  });

  it("runs the function in the database's VPC", () => {
    expect(resourcesOfType(evaluation, "sst:aws:Postgres")).toHaveLength(1);
    const [fn] = resourcesOfType(evaluation, "aws:lambda/function:Function");
    expect(fn?.inputs.vpcConfig).toBeDefined();
  });
});
