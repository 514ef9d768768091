import type { Tree } from "@nx/devkit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { addService, createTestWorkspace, snapshot } from "../shared/test-workspace";
import { routeGenerator } from "./generator";
import type { RouteGeneratorSchema } from "./schema";

vi.mock("@nx/devkit", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@nx/devkit")>()),
  installPackagesTask: vi.fn(),
}));

let tree: Tree;
let remove: () => void;
beforeEach(async () => {
  ({ tree, remove } = createTestWorkspace());
  await addService(tree, { name: "orders", kind: "http", database: "postgres" });
});
afterEach(() => remove());

const route = (overrides: Partial<RouteGeneratorSchema> = {}): RouteGeneratorSchema => ({
  service: "orders",
  method: "POST",
  path: "/orders/{orderId}/cancel",
  ...overrides,
});
const read = (path: string) => tree.read(path, "utf-8") ?? "";

describe("route generator", () => {
  it("adds the handler, the API route and a test", async () => {
    await routeGenerator(tree, route());
    expect(read("apps/orders/src/app.ts")).toContain(
      '  app.post("/orders/:orderId/cancel", async (c) => {\n    const orderId = c.req.param("orderId");',
    );
    expect(read("apps/orders/src/app.ts")).toMatch(/\n {2}\}\);\n\n {2}return app;\n\}\n$/);
    expect(read("apps/orders/infra/index.ts")).toContain(
      '  "GET /items/{id}",\n  "POST /orders/{orderId}/cancel",\n] as const;',
    );
    const test = read("apps/orders/src/app.test.ts");
    expect(test).toContain('it("answers POST /orders/{orderId}/cancel"');
    expect(test).toContain('app.request("/orders/example-orderId/cancel"');
    // Inside the describe block: the file still ends with its closing line.
    expect(test).toMatch(/\n {2}\}\);\n\}\);\n$/);
  });

  it("changes nothing when run again", async () => {
    await routeGenerator(tree, route());
    const once = snapshot(tree);
    await routeGenerator(tree, route({ method: "POST" }));
    expect(snapshot(tree)).toEqual(once);
  });

  it.each([
    ["GET", "/health"],
    ["GET", "/items/{id}"],
    ["POST", "/items"],
  ] as const)(
    "refuses %s %s, a route the template already serves, with nothing written",
    async (method, path) => {
      const before = snapshot(tree);
      await expect(routeGenerator(tree, route({ method, path }))).rejects.toThrow(
        `${method} ${path} is already a route of orders (routes in apps/orders/infra/index.ts), answered by code this command did not write: nothing was added.`,
      );
      expect(snapshot(tree)).toEqual(before);
    },
  );

  it("adds a second route after the first, each once", async () => {
    await routeGenerator(tree, route());
    await routeGenerator(tree, route({ method: "GET", path: "/reports" }));
    const infra = read("apps/orders/infra/index.ts");
    expect(infra).toContain('  "POST /orders/{orderId}/cancel",\n  "GET /reports",\n] as const;');
    expect(read("apps/orders/src/app.ts").match(/app\.get\("\/reports"/g)).toHaveLength(1);
  });

  it.each([
    [{ method: "TRACE" as never }, /Unknown method "TRACE"/],
    [{ path: "orders" }, /must start with "\/"/],
    [{ path: "/Orders" }, /segment "Orders"/],
    [{ path: "/orders/" }, /segment ""/],
    [{ path: "/orders/{id}/{id}" }, /\{id\} appears twice/],
    [{ path: "/orders/{proxy+}" }, /segment "\{proxy\+\}"/],
    [
      { service: "nope" },
      /There is no service "nope".*Create one with nx g @acme\/platform:service nope\./,
    ],
    // A path is not a name: no "create one" advice the service generator would refuse.
    [
      { service: "../orders" },
      /^"\.\.\/orders" is not a service name: name a folder of apps\/, one of orders\.$/,
    ],
    [{ service: "" }, /Name the service/],
  ])("refuses %j with nothing written", async (overrides, message) => {
    const before = snapshot(tree);
    await expect(routeGenerator(tree, route(overrides))).rejects.toThrow(message);
    expect(snapshot(tree)).toEqual(before);
  });

  it.each([
    ["GET", "/items/{itemId}", "GET /items/{id}"],
    ["POST", "/orders/{orderId}/cancel", "POST /orders/{id}/cancel"],
  ] as const)(
    "refuses %s %s, which only renames the parameters of %s, with nothing written",
    async (method, path, existing) => {
      await routeGenerator(tree, route({ method: "POST", path: "/orders/{id}/cancel" }));
      const before = snapshot(tree);
      await expect(routeGenerator(tree, route({ method, path }))).rejects.toThrow(
        `${method} ${path} is the route ${existing} of orders with other parameter names: the app matches a request to the first of them, so the new handler would never run. Choose another path; to change what ${existing} answers, edit its handler in src/app.ts.`,
      );
      expect(snapshot(tree)).toEqual(before);
    },
  );

  it("puts a route before the handler that would otherwise answer its requests", async () => {
    // API Gateway sends GET /items/export to the function (a literal segment wins over {id}),
    // but Hono answers with the first handler registered that matches: it must come first.
    await routeGenerator(tree, route({ method: "GET", path: "/items/export" }));
    await routeGenerator(tree, route({ method: "GET", path: "/items/{id}/history" }));
    const app = read("apps/orders/src/app.ts");
    const at = (text: string) => app.indexOf(text);
    expect(at('  app.get("/items/export", async (c) => {')).toBeGreaterThan(0);
    expect(at('  app.get("/items/export"')).toBeLessThan(at('  app.get("/items/:id", async'));
    expect(app).toMatch(/ {2}\}\);\n\n {2}app\.get\("\/items\/:id", async/);
    // A route no earlier handler matches goes last, as before.
    expect(at('  app.get("/items/:id/history"')).toBeGreaterThan(
      at('  app.get("/items/:id", async'),
    );
  });

  it("keeps a handler's comment with it when it puts a route before it", async () => {
    const file = "apps/orders/src/app.ts";
    const comment = "  /** Reads one item (ids are UUIDs). */\n  // Kept above its handler.\n";
    tree.write(
      file,
      read(file).replace('  app.get("/items/:id"', `${comment}  app.get("/items/:id"`),
    );
    await routeGenerator(tree, route({ method: "GET", path: "/items/export" }));
    expect(read(file)).toContain(`  });\n\n${comment}  app.get("/items/:id", async`);
    expect(read(file).indexOf('app.get("/items/export"')).toBeLessThan(read(file).indexOf(comment));
  });

  it("refuses a worker service", async () => {
    await addService(tree, { name: "inbox", kind: "worker" });
    await expect(routeGenerator(tree, route({ service: "inbox" }))).rejects.toThrow(
      /inbox is a worker service: routes belong to http services/,
    );
  });

  it("refuses a reshaped app whose anchor line is gone, with nothing written", async () => {
    tree.write(
      "apps/orders/src/app.ts",
      read("apps/orders/src/app.ts").replace("  return app;", "  return app as never;"),
    );
    const before = snapshot(tree);
    await expect(routeGenerator(tree, route())).rejects.toThrow(/no longer has the line/);
    expect(snapshot(tree)).toEqual(before);
  });
});
