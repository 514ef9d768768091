import { fileURLToPath } from "node:url";
import { evaluate, resourcesOfType } from "@acme/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The service's own resources, evaluated offline with SST's component code under Pulumi mocks (no
 * AWS). The platform's conventions (runtime, tags, log retention...) are tested centrally.
 */
const appDir = fileURLToPath(new URL("..", import.meta.url));

describe("notifications infra", () => {
  let evaluation: Awaited<ReturnType<typeof evaluate>>;
  beforeAll(async () => {
    evaluation = await evaluate({ appDir });
  }, 120_000);

  it("moves messages that fail 3 times to the dead-letter queue", () => {
    const queues = resourcesOfType(evaluation, "aws:sqs/queue:Queue");
    const queue = queues.find((resource) => resource.name === "QueueQueue");
    expect(JSON.parse(String(queue?.inputs.redrivePolicy))).toMatchObject({ maxReceiveCount: 3 });
    const names = queues.map((resource) => resource.name).sort();
    expect(names).toEqual(["QueueDlqQueue", "QueueQueue"]);
  });

  it("subscribes the consumer with partial batch responses", () => {
    const [mapping] = resourcesOfType(
      evaluation,
      "aws:lambda/eventSourceMapping:EventSourceMapping",
    );
    expect(mapping?.inputs.functionResponseTypes).toEqual(["ReportBatchItemFailures"]);
    expect(resourcesOfType(evaluation, "aws:lambda/function:Function")).toHaveLength(1);
  });
});
