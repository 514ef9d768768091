import { describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import { lambdaContext } from "../testing";
import { createHttpApp } from "./app";
import { INTERNAL_ERROR_DETAIL } from "./errors";
import { toLambdaHandler } from "./lambda";
import { PROBLEM_CONTENT_TYPE } from "./problem";

/** Issue 9, defect 7: values that are not Errors, thrown in a route. */
function setup() {
  const lines: string[] = [];
  const logger = createLogger({
    service: "orders",
    stage: "test",
    write: (line) => lines.push(line),
  });
  const app = createHttpApp({ service: "orders", logger });
  return { app, lines };
}

const unprintable = Object.create(null); // String() of it throws

describe("a route that throws something other than an Error", () => {
  it.each([
    ["a string", "boom: password=hunter2"],
    ["a number", 42],
    ["undefined", undefined],
    ["a plain object", { code: "E_DOWN" }],
    ["an object without a prototype", unprintable],
  ])("answers %s with a problem+json 500 and logs it", async (_label, thrown) => {
    const { app, lines } = setup();
    app.get("/throws", () => {
      throw thrown;
    });
    const res = await app.request("/throws");
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
    expect(await res.json()).toMatchObject({ status: 500, detail: INTERNAL_ERROR_DETAIL });
    const logged = lines
      .map((line) => JSON.parse(line))
      .find((entry) => entry.message === "unhandled error");
    expect(logged).toBeDefined();
    expect(JSON.stringify(logged)).not.toContain("hunter2");
  });

  it("never lets the raw value reach Lambda", async () => {
    const { app } = setup();
    app.get("/throws", () => {
      throw "raw";
    });
    const handler = toLambdaHandler(app);
    const result = await handler(
      {
        version: "2.0",
        routeKey: "$default",
        rawPath: "/throws",
        rawQueryString: "",
        headers: {},
        requestContext: {
          accountId: "1",
          apiId: "a",
          domainName: "d",
          domainPrefix: "d",
          http: {
            method: "GET",
            path: "/throws",
            protocol: "HTTP/1.1",
            sourceIp: "1.1.1.1",
            userAgent: "t",
          },
          requestId: "r",
          routeKey: "$default",
          stage: "$default",
          time: "",
          timeEpoch: 0,
        },
        isBase64Encoded: false,
      },
      lambdaContext(),
    );
    expect(result.statusCode).toBe(500);
    expect(result.headers?.["content-type"]).toBe(PROBLEM_CONTENT_TYPE);
  });
});
