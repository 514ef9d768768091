import { fileURLToPath } from "node:url";
import { evaluate, resourcesOfType } from "@acme/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";

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

describe("notifications infra", () => {
  let evaluation: Awaited<ReturnType<typeof evaluate>>;
  beforeAll(async () => {
    evaluation = await evaluate({ appDir });
  }, 120_000);

  it("moves messages that fail 3 times to the dead-letter queue", () => {
    const queues = resourcesOfType(evaluation, "aws:sqs/queue:Queue");
    const queue = queues.find((resource) => resource.name === "QueueQueue");
    expect(JSON.parse(String(queue?.inputs.redrivePolicy))).toMatchObject({ maxReceiveCount: 3 });
    const names = queues.map((resource) => resource.name);
    expect(names).toEqual(expect.arrayContaining(["QueueDlqQueue", "QueueQueue"]));
  });

  it("subscribes the consumer with partial batch responses", () => {
    const consumer = lambda(evaluation, "Consumer");
    const mapping = resourcesOfType(
      evaluation,
      "aws:lambda/eventSourceMapping:EventSourceMapping",
    ).find((resource) =>
      String(resource.inputs.functionName).includes(String(consumer?.inputs.name)),
    );
    expect(mapping?.inputs.functionResponseTypes).toEqual(["ReportBatchItemFailures"]);
  });
});
