import { describe, expect, it } from "vitest";
import { functionEnvironment, type LocalEndpoints, linkEnvironment } from "./link-environment";
import type { ServiceModel } from "./model";

const local: LocalEndpoints = {
  app: "orders",
  stage: "local",
  serviceUrl: "http://127.0.0.1:4000",
  postgres: {
    host: "127.0.0.1",
    port: 5544,
    username: "postgres",
    password: "pw",
    database: "postgres",
  },
  s3Url: "http://127.0.0.1:4100",
  dynamoUrl: "http://127.0.0.1:4200",
  secrets: { StripeKey: "sk_test_1" },
};

const model: ServiceModel = {
  app: "orders",
  stage: "local",
  source: "infra",
  functions: [
    {
      id: "Api",
      handler: "src/handler.handler",
      links: ["Database", "Bucket", "Queue", "StripeKey", "Topic", "Orders"],
      environment: { GREETING: "hi" },
      timeoutSeconds: 3,
    },
    { id: "Other", handler: "src/other.handler", links: [], environment: {}, timeoutSeconds: 3 },
  ],
  routes: [],
  queues: [],
  crons: [],
  links: [
    { name: "Database", type: "sst.aws.Postgres", properties: { host: "prod-host" } },
    { name: "Bucket", type: "sst.aws.Bucket", properties: { name: "prod-bucket" } },
    { name: "Queue", type: "sst.aws.Queue", properties: { url: "https://sqs..." } },
    { name: "StripeKey", type: "sst.sst.Secret", properties: { value: "placeholder" } },
    { name: "Orders", type: "sst.aws.Dynamo", properties: { name: "orders-prod-Orders" } },
    { name: "Topic", type: "sst.aws.SnsTopic", properties: { arn: "arn:aws:sns:x" } },
  ],
  warnings: [],
};

describe("linkEnvironment", () => {
  it("points each link type with a local stand-in at it, with SST's property names", () => {
    const env = (name: string) =>
      linkEnvironment(
        model.links.find((l) => l.name === name) as ServiceModel["links"][number],
        local,
      );
    expect(env("Database")).toEqual({
      database: "postgres",
      username: "postgres",
      password: "pw",
      port: 5544,
      host: "127.0.0.1",
      type: "sst.aws.Postgres",
    });
    expect(env("Bucket")).toEqual({ name: "orders-local-bucket", type: "sst.aws.Bucket" });
    expect(env("Queue")).toEqual({
      url: "http://127.0.0.1:4000/queues/Queue",
      type: "sst.aws.Queue",
    });
    expect(env("StripeKey")).toEqual({ value: "sk_test_1", type: "sst.sst.Secret" });
    expect(env("Orders")).toEqual({ name: "orders-local-orders", type: "sst.aws.Dynamo" });
    // No local stand-in: the evaluated properties, unchanged.
    expect(env("Topic")).toEqual({ arn: "arn:aws:sns:x" });
  });
});

describe("functionEnvironment", () => {
  it("gives a function its own variables and links only, and the SDK's local endpoints", () => {
    const env = functionEnvironment(model, "Api", local, { PATH: "/bin", SST_RESOURCE_Stray: "x" });
    expect(env).toMatchObject({
      PATH: "/bin",
      GREETING: "hi",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL_SQS: "http://127.0.0.1:4000",
      AWS_ENDPOINT_URL_S3: "http://127.0.0.1:4100",
      AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:4200",
      SST_RESOURCE_App: JSON.stringify({ name: "orders", stage: "local" }),
    });
    expect(
      Object.keys(env)
        .filter((key) => key.startsWith("SST_RESOURCE_"))
        .sort(),
    ).toEqual([
      "SST_RESOURCE_App",
      "SST_RESOURCE_Bucket",
      "SST_RESOURCE_Database",
      "SST_RESOURCE_Orders",
      "SST_RESOURCE_Queue",
      "SST_RESOURCE_Stray",
      "SST_RESOURCE_StripeKey",
      "SST_RESOURCE_Topic",
    ]);
    const other = functionEnvironment(model, "Other", local, {});
    expect(Object.keys(other).filter((key) => key.startsWith("SST_RESOURCE_"))).toEqual([
      "SST_RESOURCE_App",
    ]);
  });
});
