import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Evaluation, modelFromEvaluation } from "./evaluation";
import { compileRoute, matchRoute } from "./http";
import { modelFromAnswers } from "./model";

const evaluation = JSON.parse(
  readFileSync(join(import.meta.dirname, "__fixtures__/infra-model/evaluation.json"), "utf8"),
) as Evaluation;

describe("modelFromEvaluation (a real offline evaluation of __fixtures__/infra-model)", () => {
  const model = modelFromEvaluation(evaluation, "local");

  it("finds each function with its original handler, links and own environment", () => {
    expect(model.functions.map((fn) => [fn.id, fn.handler])).toEqual([
      ["ApiHandler", "src/handler.handler"],
      ["Consumer", "src/consumer.handler"],
      ["JobHandler", "src/job.handler"],
    ]);
    const api = model.functions[0];
    expect(api?.links).toEqual(["ApiKey", "Bucket", "Database", "Queue"]);
    expect(api?.environment).toEqual({ GREETING: "hello" });
  });

  it("maps routes, the queue subscription and the schedule to functions by ARN", () => {
    expect(model.routes).toEqual([
      { routeKey: "$default", functionId: "ApiHandler" },
      { routeKey: "GET /items/{id}", functionId: "ApiHandler" },
    ]);
    expect(model.queues).toEqual([
      {
        name: "Queue",
        functionId: "Consumer",
        batchSize: 5,
        maxReceiveCount: 3,
        deadLetterQueue: "QueueDlq",
        partialResponses: true,
        fifo: false,
      },
    ]);
    expect(model.crons).toEqual([
      { name: "Job", functionId: "JobHandler", schedule: "cron(0 12 * * ? *)", timezone: "UTC" },
    ]);
    expect(model.warnings).toEqual([]);
  });

  it("keeps every link's type and properties", () => {
    const types = Object.fromEntries(model.links.map((link) => [link.name, link.type]));
    expect(types).toMatchObject({
      Database: "sst.aws.Postgres",
      Bucket: "sst.aws.Bucket",
      Queue: "sst.aws.Queue",
      ApiKey: "sst.sst.Secret",
    });
  });
});

describe("modelFromAnswers", () => {
  it("follows the templates' conventions", () => {
    const model = modelFromAnswers(
      "orders",
      { kind: "worker", answers: { bucket: true } },
      "local",
    );
    expect(model.functions).toMatchObject([
      { id: "Consumer", handler: "src/consumer.handler", links: ["Bucket"] },
    ]);
    expect(model.queues[0]).toMatchObject({
      name: "Queue",
      maxReceiveCount: 3,
      partialResponses: true,
      // The platform's conventions create `<Queue>Dlq` (packages/infra, through @acme/contract).
      deadLetterQueue: "QueueDlq",
    });
  });

  it("refuses a package.json without a kind", () => {
    expect(() => modelFromAnswers("orders", {}, "local")).toThrow(/shipyard.kind/);
  });
});

describe("matchRoute (API Gateway HTTP API selection)", () => {
  const routes = [
    "GET /items/{id}",
    "GET /items/special",
    "ANY /items/{id}",
    "GET /files/{proxy+}",
    "$default",
  ].map((routeKey) => compileRoute({ routeKey, functionId: routeKey }));
  const pick = (method: string, path: string) => matchRoute(routes, method, path);

  it("prefers literal segments, then the exact method, then greedy routes, then $default", () => {
    expect(pick("GET", "/items/special")?.route.routeKey).toBe("GET /items/special");
    expect(pick("GET", "/items/42")).toMatchObject({
      route: { routeKey: "GET /items/{id}" },
      pathParameters: { id: "42" },
    });
    expect(pick("DELETE", "/items/42")?.route.routeKey).toBe("ANY /items/{id}");
    expect(pick("GET", "/files/a/b.txt")).toMatchObject({ pathParameters: { proxy: "a/b.txt" } });
    expect(pick("POST", "/other")?.route.routeKey).toBe("$default");
  });
});
