import type { APIGatewayProxyHandlerV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import { apiGatewayV2Event, lambdaContext } from "../testing";
import { createHttpApp } from "./app";
import { toLambdaHandler } from "./lambda";
import { PROBLEM_CONTENT_TYPE } from "./problem";
import { validate } from "./validate";

function setup() {
  const lines: string[] = [];
  const logger = createLogger({ service: "orders", write: (line) => lines.push(line) });
  const app = createHttpApp({ service: "orders", logger });
  app.get("/session", (c) => {
    c.header("set-cookie", "sid=abc; HttpOnly", { append: true });
    c.header("set-cookie", "theme=dark", { append: true });
    return c.json({ cookie: c.req.header("cookie") ?? null });
  });
  app.post("/orders", validate("json", v.object({ sku: v.string() })), (c) =>
    c.json({ id: "42", sku: c.req.valid("json").sku, requestId: c.var.requestId }, 201),
  );
  const handler = toLambdaHandler(app);
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { handler, logs };
}

describe("toLambdaHandler", () => {
  it("serves an API Gateway v2 event and uses the Lambda request id", async () => {
    const { handler, logs } = setup();
    const event = apiGatewayV2Event({ method: "POST", path: "/orders", body: { sku: "A1" } });
    const result: APIGatewayProxyStructuredResultV2 = await handler(
      event,
      lambdaContext({ awsRequestId: "lambda-req-1" }),
    );

    expect(result.statusCode).toBe(201);
    expect(result.headers).toMatchObject({
      "content-type": "application/json",
      "x-request-id": "lambda-req-1",
    });
    expect(result.isBase64Encoded).toBe(false);
    expect(JSON.parse(result.body ?? "")).toEqual({
      id: "42",
      sku: "A1",
      requestId: "lambda-req-1",
    });
    expect(logs()).toMatchObject([
      { message: "request completed", requestId: "lambda-req-1", method: "POST", status: 201 },
    ]);
  });

  it("prefers the caller's x-request-id and returns problems with their content type", async () => {
    const { handler } = setup();
    const event = apiGatewayV2Event({
      method: "POST",
      path: "/orders?dryRun=true",
      headers: { "X-Request-Id": "client-7" },
      body: { sku: 1 },
    });
    const result = await handler(event, lambdaContext());

    expect(result.statusCode).toBe(400);
    expect(result.headers?.["content-type"]).toBe(PROBLEM_CONTENT_TYPE);
    expect(result.headers?.["x-request-id"]).toBe("client-7");
    expect(JSON.parse(result.body ?? "")).toMatchObject({
      title: "Invalid request",
      requestId: "client-7",
      errors: [{ path: "sku" }],
    });
  });

  it("decodes base64 bodies and answers 405 with Allow", async () => {
    const { handler } = setup();
    const ok = await handler(
      apiGatewayV2Event({ method: "POST", path: "/orders", body: { sku: "B2" }, base64: true }),
      lambdaContext(),
    );
    expect(ok.statusCode).toBe(201);

    const notAllowed = await handler(apiGatewayV2Event({ path: "/orders" }), lambdaContext());
    expect(notAllowed.statusCode).toBe(405);
    expect(notAllowed.headers?.allow).toBe("POST");
  });

  it("maps API Gateway v2 cookies in and Set-Cookie headers out", async () => {
    const { handler } = setup();
    const result = await handler(
      apiGatewayV2Event({ path: "/session", cookies: ["a=1", "b=2"] }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? "")).toEqual({ cookie: "a=1; b=2" });
    expect(result.cookies).toEqual(["sid=abc; HttpOnly", "theme=dark"]);
    expect(result.headers).not.toHaveProperty("set-cookie");
  });

  it("fits the APIGatewayProxyHandlerV2 type SST functions use", () => {
    const handler: APIGatewayProxyHandlerV2 = setup().handler;
    expect(handler).toBeTypeOf("function");
  });
});
