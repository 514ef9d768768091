import { beforeAll, describe, expect, it } from "vitest";
import { type Evaluation, evaluate, renderPlan, resourceNamed, resourcesOfType } from "./index.js";
import { fixture } from "./test/fixtures.js";

describe("a Function with a URL", () => {
  let evaluation: Evaluation;
  beforeAll(async () => {
    evaluation = await evaluate({ appDir: fixture("function-url") });
  });

  it("creates the Lambda with the runtime, architecture and memory of the config", () => {
    const lambda = resourceNamed(evaluation, "aws:lambda/function:Function", "ApiFunction");
    expect(lambda.inputs).toMatchObject({
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      memorySize: 512,
      timeout: 20,
      handler: "src/api.handler",
    });
    expect(lambda.parent).toBe(resourceNamed(evaluation, "sst:aws:Function", "Api").urn);
    expect(lambda.urn).toBe(
      "urn:pulumi:dev::function-url::sst:aws:Function$aws:lambda/function:Function::ApiFunction",
    );
  });

  it("adds a public function URL and returns it as an output", () => {
    const url = resourceNamed(evaluation, "aws:lambda/functionUrl:FunctionUrl", "ApiUrl");
    expect(url.inputs.authorizationType).toBe("NONE");
    expect(evaluation.outputs.url).toMatch(
      /^https:\/\/[0-9a-f]+\.lambda-url\.us-east-1\.on\.aws\/$/,
    );
  });

  it("keeps the app settings and physical names prefixed with app and stage", () => {
    expect(evaluation.app).toEqual({
      name: "function-url",
      stage: "dev",
      removal: "remove",
      protect: false,
    });
    const lambda = resourceNamed(evaluation, "aws:lambda/function:Function", "ApiFunction");
    expect(lambda.inputs.name).toMatch(/^function-url-dev-ApiFunction-[a-z]{8}$/);
  });

  it("uploads the code as a zip in the asset bucket, with a content-hashed key", () => {
    const code = resourceNamed(evaluation, "aws:s3/bucketObjectv2:BucketObjectv2", "ApiCode");
    expect(code.inputs.key).toMatch(/^assets\/Api-code-[0-9a-f]{64}\.zip$/);
    expect(code.inputs.source).toEqual({
      $archive: "FileArchive",
      path: "<root>/.sst/artifacts/Api/code.zip",
    });
  });

  it("renders the plan as a tree with the key Lambda inputs", () => {
    const plan = renderPlan(evaluation);
    expect(plan).toContain("function-url (stage dev, removal remove): 10 resources");
    expect(plan).toMatch(/├─ sst:aws:Function Api\n/);
    expect(plan).toContain(
      "│  ├─ aws:lambda/function:Function ApiFunction  runtime=nodejs22.x memory=512MB arch=arm64 timeout=20s handler=src/api.handler",
    );
    expect(plan).toContain("Outputs:\n  url: https://");
  });

  it("explains what exists when a lookup misses", () => {
    expect(() => resourceNamed(evaluation, "aws:lambda/function:Function", "Nope")).toThrow(
      'No aws:lambda/function:Function named "Nope". The aws:lambda/function:Function resources are: ApiFunction.',
    );
    expect(() => resourceNamed(evaluation, "aws:s3/bucket:Bucket", "Uploads")).toThrow(
      /No resource of type aws:s3\/bucket:Bucket .*\n.*aws:iam\/role:Role/s,
    );
  });
});

describe("ApiGatewayV2 with two routes", () => {
  let evaluation: Evaluation;
  beforeAll(async () => {
    evaluation = await evaluate({ appDir: fixture("api") });
  });

  it("creates one route, integration and function per route", () => {
    const routes = resourcesOfType(evaluation, "aws:apigatewayv2/route:Route");
    expect(routes.map((route) => route.inputs.routeKey).sort()).toEqual([
      "GET /orders",
      "POST /orders",
    ]);
    expect(resourcesOfType(evaluation, "aws:apigatewayv2/integration:Integration")).toHaveLength(2);
    const lambdas = resourcesOfType(evaluation, "aws:lambda/function:Function");
    expect(lambdas.map((lambda) => lambda.inputs.handler).sort()).toEqual([
      "src/orders.create",
      "src/orders.list",
    ]);
    const create = lambdas.find((lambda) => lambda.inputs.handler === "src/orders.create");
    expect(create?.inputs.memorySize).toBe(256);
  });

  it("has one API and one stage, and returns the API URL", () => {
    expect(resourcesOfType(evaluation, "aws:apigatewayv2/api:Api")).toHaveLength(1);
    expect(resourcesOfType(evaluation, "aws:apigatewayv2/stage:Stage")).toHaveLength(1);
    expect(evaluation.outputs.api).toMatch(
      /^https:\/\/\w+\.execute-api\.us-east-1\.amazonaws\.com$/,
    );
  });
});

describe("a Queue with a subscriber and a dead-letter queue", () => {
  let evaluation: Evaluation;
  beforeAll(async () => {
    evaluation = await evaluate({ appDir: fixture("queue") });
  });

  it("sends failed messages to the DLQ after the configured retries", () => {
    const jobs = resourceNamed(evaluation, "aws:sqs/queue:Queue", "JobsQueue");
    const deadLetters = resourceNamed(evaluation, "aws:sqs/queue:Queue", "DeadLettersQueue");
    expect(jobs.inputs.visibilityTimeoutSeconds).toBe(120);
    const redrive = JSON.parse(String(jobs.inputs.redrivePolicy));
    expect(redrive.maxReceiveCount).toBe(5);
    expect(redrive.deadLetterTargetArn).toBe(
      `arn:aws:sqs:us-east-1:123456789012:${deadLetters.inputs.name}`,
    );
  });

  it("subscribes a function with the batch size and timeout of the config", () => {
    const [mapping, ...others] = resourcesOfType(
      evaluation,
      "aws:lambda/eventSourceMapping:EventSourceMapping",
    );
    expect(others).toHaveLength(0);
    expect(mapping?.inputs.batchSize).toBe(5);
    const [lambda] = resourcesOfType(evaluation, "aws:lambda/function:Function");
    expect(lambda?.inputs.timeout).toBe(60);
    expect(lambda?.inputs.handler).toBe("src/worker.handler");
  });
});
