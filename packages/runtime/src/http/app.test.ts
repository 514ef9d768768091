import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import { createHttpApp } from "./app";
import { INTERNAL_ERROR_DETAIL } from "./errors";
import { HttpError, PROBLEM_CONTENT_TYPE } from "./problem";
import type { HttpEnv } from "./types";
import { validate } from "./validate";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function setup() {
  const lines: string[] = [];
  const logger = createLogger({
    service: "orders",
    stage: "test",
    level: "DEBUG",
    write: (line) => lines.push(line),
  });
  const app = createHttpApp({ service: "orders", logger });
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { app, logs, lines };
}

const Order = v.object({
  sku: v.pipe(v.string(), v.minLength(1)),
  quantity: v.pipe(v.number(), v.integer(), v.minValue(1)),
  address: v.object({ city: v.string() }),
});

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
  return (await response.json()) as Record<string, unknown>;
}

describe("createHttpApp", () => {
  it("answers GET /health with the service name", async () => {
    const { app } = setup();
    const res = await app.request("/health");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", service: "orders" });
  });

  it("logs the health check at debug level only", async () => {
    const { app, logs } = setup();
    await app.request("/health");
    expect(logs()).toMatchObject([{ level: "DEBUG", path: "/health", status: 200 }]);
  });

  it("writes one access log line per request with method, path, status and durationMs", async () => {
    const { app, logs } = setup();
    app.get("/orders/:id", (c) => c.json({ id: c.req.param("id") }));
    const res = await app.request("/orders/42?expand=lines", {
      headers: { "x-request-id": "req-abc" },
    });
    expect(res.status).toBe(200);

    const lines = logs();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: "INFO",
      message: "request completed",
      service: "orders",
      stage: "test",
      requestId: "req-abc",
      method: "GET",
      path: "/orders/42",
      status: 200,
    });
    expect(lines[0]?.durationMs).toEqual(expect.any(Number));
  });

  describe("request id", () => {
    it("propagates a safe x-request-id and binds it to c.var.logger", async () => {
      const { app, logs } = setup();
      app.get("/work", (c) => {
        c.var.logger.info("working", { step: 1 });
        return c.json({ requestId: c.var.requestId });
      });
      const res = await app.request("/work", { headers: { "x-request-id": "trace-123_ABC" } });
      expect(res.headers.get("x-request-id")).toBe("trace-123_ABC");
      expect(await res.json()).toEqual({ requestId: "trace-123_ABC" });
      expect(logs().map((l) => [l.message, l.requestId])).toEqual([
        ["working", "trace-123_ABC"],
        ["request completed", "trace-123_ABC"],
      ]);
    });

    it("generates a UUID when the header is absent", async () => {
      const { app } = setup();
      const res = await app.request("/health");
      expect(res.headers.get("x-request-id")).toMatch(UUID);
    });

    it.each([
      ["too long", "a".repeat(129)],
      ["unsafe characters", 'abc"><script>'],
      ["spaces", "abc def"],
    ])("replaces a header with %s by a UUID", async (_case, header) => {
      const { app } = setup();
      const res = await app.request("/health", { headers: { "x-request-id": header } });
      expect(res.headers.get("x-request-id")).toMatch(UUID);
    });

    it("accepts a header of exactly 128 characters", async () => {
      const { app } = setup();
      const id = "b".repeat(128);
      const res = await app.request("/health", { headers: { "x-request-id": id } });
      expect(res.headers.get("x-request-id")).toBe(id);
    });

    it("uses the Lambda request id when running on Lambda", async () => {
      const { app } = setup();
      const res = await app.request("/health", {}, { lambdaContext: { awsRequestId: "lambda-1" } });
      expect(res.headers.get("x-request-id")).toBe("lambda-1");
    });

    it("is echoed on error responses too", async () => {
      const { app } = setup();
      const res = await app.request("/nope", { headers: { "x-request-id": "req-404" } });
      expect(res.headers.get("x-request-id")).toBe("req-404");
      expect(await problemOf(res)).toMatchObject({ requestId: "req-404" });
    });
  });

  describe("validation", () => {
    it("answers 400 problem+json with the path and message of every issue", async () => {
      const { app } = setup();
      app.post("/orders", validate("json", Order), (c) => c.json(c.req.valid("json"), 201));
      const res = await app.request("/orders", {
        method: "POST",
        headers: { "content-type": "application/json", "x-request-id": "req-v" },
        body: JSON.stringify({ sku: "", quantity: 1.5, address: { city: 7 } }),
      });

      expect(res.status).toBe(400);
      const problem = await problemOf(res);
      expect(problem).toMatchObject({
        type: "about:blank",
        title: "Invalid request",
        status: 400,
        instance: "/orders",
        requestId: "req-v",
      });
      const errors = problem.errors as { path: string; message: string }[];
      expect(errors.map((e) => e.path)).toEqual(["sku", "quantity", "address.city"]);
      for (const error of errors) expect(error.message).toEqual(expect.any(String));
    });

    it("passes the parsed value to the handler when valid", async () => {
      const { app } = setup();
      app.post("/orders", validate("json", Order), (c) => {
        const order = c.req.valid("json");
        return c.json({ city: order.address.city, total: order.quantity * 2 }, 201);
      });
      const res = await app.request("/orders", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sku: "A1", quantity: 2, address: { city: "Lyon" } }),
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ city: "Lyon", total: 4 });
    });

    it("validates query strings too", async () => {
      const { app } = setup();
      const Query = v.object({ limit: v.pipe(v.string(), v.regex(/^\d+$/)) });
      app.get("/orders", validate("query", Query), (c) => c.json(c.req.valid("query")));
      const res = await app.request("/orders?limit=ten");
      expect(res.status).toBe(400);
      expect(await problemOf(res)).toMatchObject({ errors: [{ path: "limit" }] });
    });

    it("answers 400 problem+json for a malformed JSON body", async () => {
      const { app, logs } = setup();
      app.post("/orders", validate("json", Order), (c) => c.json(c.req.valid("json"), 201));
      const res = await app.request("/orders", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"sku": "A1",',
      });
      expect(res.status).toBe(400);
      expect(await problemOf(res)).toMatchObject({
        title: "Bad Request",
        status: 400,
        detail: "Malformed JSON in request body",
      });
      expect(logs().filter((l) => l.level === "ERROR")).toEqual([]);
    });

    it("answers 400, not 500, when a handler parses a malformed body itself", async () => {
      const { app } = setup();
      app.post("/raw", async (c) => c.json(await c.req.json()));
      const res = await app.request("/raw", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "not json",
      });
      expect(res.status).toBe(400);
      expect(await problemOf(res)).toMatchObject({ detail: "Malformed JSON in request body" });
    });
  });

  describe("errors", () => {
    it("renders a thrown HttpError as-is", async () => {
      const { app } = setup();
      app.get("/orders/:id", (c) => {
        throw new HttpError(409, {
          title: "Order already paid",
          detail: `Order ${c.req.param("id")} was paid on 2026-01-01`,
          type: "https://errors.acme.dev/order-paid",
          members: { orderId: c.req.param("id"), status: 999 },
          headers: { "retry-after": "30" },
        });
      });
      const res = await app.request("/orders/42", { headers: { "x-request-id": "req-e" } });
      expect(res.status).toBe(409);
      expect(res.headers.get("retry-after")).toBe("30");
      expect(await problemOf(res)).toEqual({
        type: "https://errors.acme.dev/order-paid",
        title: "Order already paid",
        status: 409,
        detail: "Order 42 was paid on 2026-01-01",
        instance: "/orders/42",
        requestId: "req-e",
        orderId: "42",
      });
    });

    it("defaults an HttpError's title to the reason phrase", async () => {
      const { app } = setup();
      app.get("/secret", () => {
        throw new HttpError(403);
      });
      const res = await app.request("/secret");
      expect(await problemOf(res)).toMatchObject({
        type: "about:blank",
        title: "Forbidden",
        status: 403,
      });
    });

    it("rejects HttpError statuses outside 400-599", () => {
      expect(() => new HttpError(200)).toThrow(RangeError);
      expect(() => new HttpError(600)).toThrow(RangeError);
    });

    it("answers 500 without leaking the message or stack, and logs the error with its stack", async () => {
      const { app, logs } = setup();
      app.get("/boom", () => {
        throw new Error("connect ECONNREFUSED 10.0.0.12:5432 password=hunter2");
      });
      const res = await app.request("/boom", { headers: { "x-request-id": "req-500" } });

      expect(res.status).toBe(500);
      const text = await res.clone().text();
      expect(text).not.toContain("ECONNREFUSED");
      expect(text).not.toContain("hunter2");
      expect(text).not.toContain("at ");
      expect(await problemOf(res)).toEqual({
        type: "about:blank",
        title: "Internal Server Error",
        status: 500,
        detail: INTERNAL_ERROR_DETAIL,
        instance: "/boom",
        requestId: "req-500",
      });

      const errorLine = logs().find((l) => l.level === "ERROR");
      expect(errorLine).toMatchObject({ requestId: "req-500", message: "unhandled error" });
      const error = errorLine?.error as Record<string, string>;
      expect(error.message).toContain("ECONNREFUSED");
      expect(error.stack).toContain("app.test.ts");
      expect(logs().at(-1)).toMatchObject({ message: "request completed", status: 500 });
    });

    it("renders Hono's HTTPException as problem+json, keeping its headers", async () => {
      const { app } = setup();
      app.get("/private", () => {
        const res = new Response("Unauthorized", {
          status: 401,
          headers: { "www-authenticate": 'Basic realm="orders"' },
        });
        throw new HTTPException(401, { res, message: "Credentials required" });
      });
      const res = await app.request("/private");
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Basic realm="orders"');
      expect(await problemOf(res)).toMatchObject({
        title: "Unauthorized",
        status: 401,
        detail: "Credentials required",
      });
    });

    it("hides the message of a 5xx HTTPException", async () => {
      const { app } = setup();
      app.get("/upstream", () => {
        throw new HTTPException(502, { message: "upstream at 10.0.0.3 said no" });
      });
      const res = await app.request("/upstream");
      expect(res.status).toBe(502);
      const problem = await problemOf(res);
      expect(problem.detail).toBe(INTERNAL_ERROR_DETAIL);
      expect(JSON.stringify(problem)).not.toContain("10.0.0.3");
    });
  });

  describe("routing", () => {
    it("answers 404 problem+json for unknown paths", async () => {
      const { app } = setup();
      app.get("/orders", (c) => c.json([]));
      const res = await app.request("/customers");
      expect(res.status).toBe(404);
      expect(res.headers.get("allow")).toBeNull();
      expect(await problemOf(res)).toMatchObject({
        title: "Not Found",
        status: 404,
        instance: "/customers",
      });
    });

    it("answers 405 with an Allow header when the path exists for other methods", async () => {
      const { app } = setup();
      app.get("/orders/:id", (c) => c.json({}));
      app.put("/orders/:id", (c) => c.json({}));
      app.delete("/orders/:id", (c) => c.body(null, 204));
      app.post("/orders", (c) => c.json({}, 201));

      const res = await app.request("/orders/42", { method: "POST" });
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("DELETE, GET, HEAD, PUT");
      expect(await problemOf(res)).toMatchObject({
        title: "Method Not Allowed",
        status: 405,
        instance: "/orders/42",
      });

      const list = await app.request("/orders", { method: "GET" });
      expect(list.status).toBe(405);
      expect(list.headers.get("allow")).toBe("POST");
    });

    it("matches regexp parameters, wildcards and sub-apps when computing Allow", async () => {
      const { app } = setup();
      app.get("/items/:id{[0-9]+}", (c) => c.json({}));
      app.post("/files/*", (c) => c.json({}));
      const admin = new Hono<HttpEnv>();
      admin.put("/users/:id?", (c) => c.json({}));
      app.route("/admin", admin);

      expect((await app.request("/items/12", { method: "DELETE" })).status).toBe(405);
      expect((await app.request("/items/abc", { method: "DELETE" })).status).toBe(404);
      const files = await app.request("/files/a/b.txt", { method: "GET" });
      expect(files.status).toBe(405);
      expect(files.headers.get("allow")).toBe("POST");
      for (const path of ["/admin/users", "/admin/users/7"]) {
        const res = await app.request(path);
        expect(res.status).toBe(405);
        expect(res.headers.get("allow")).toBe("PUT");
      }
      expect((await app.request("/admin/users/7/roles")).status).toBe(404);
    });

    it("does not count middleware as an allowed method", async () => {
      const { app } = setup();
      app.use("/admin/*", async (_c, next) => next());
      const res = await app.request("/admin/x", { method: "POST" });
      expect(res.status).toBe(404);
    });
  });
});
