import { afterEach, describe, expect, it } from "vitest";
import { InvocationError } from "./functions";
import { listenForService, type ServiceServer } from "./service-server";

let server: ServiceServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("listenForService", () => {
  it("answers 503 with Retry-After until the service is ready, then routes to its functions", async () => {
    server = await listenForService(0, "127.0.0.1");
    const url = `http://127.0.0.1:${server.port}`;
    const early = await fetch(`${url}/items/1`);
    expect(early.status).toBe(503);
    expect(early.headers.get("retry-after")).toBe("1");

    const logged: string[] = [];
    server.serve({
      control: async () => false,
      routes: [
        { routeKey: "GET /items/{id}", functionId: "Api" },
        { routeKey: "GET /broken", functionId: "Broken" },
      ],
      invoke: async (functionId, event) => {
        if (functionId === "Broken")
          throw new InvocationError("boom", "Error: boom\n    at handler");
        const { pathParameters } = event as { pathParameters: Record<string, string> };
        return { value: { statusCode: 200, body: JSON.stringify(pathParameters) } };
      },
      log: (line) => logged.push(line),
    });
    expect(await (await fetch(`${url}/items/42`)).json()).toEqual({ id: "42" });
    expect((await fetch(`${url}/nothing`)).status).toBe(404);
    // As API Gateway: a failed integration is a bare 500, the stack goes to serve's output only.
    const broken = await fetch(`${url}/broken`);
    expect(broken.status).toBe(500);
    expect(await broken.text()).not.toContain("at handler");
    expect(logged.join("\n")).toContain("at handler");
  });
});
