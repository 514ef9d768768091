import { fileURLToPath } from "node:url";
import { evaluate, resourcesOfType } from "@acme/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The service's own resources, evaluated offline with SST's component code under Pulumi mocks (no
 * AWS). The platform's conventions (runtime, tags, log retention...) are tested centrally.
 */
const appDir = fileURLToPath(new URL("..", import.meta.url));

describe("billing-report infra", () => {
  let evaluation: Awaited<ReturnType<typeof evaluate>>;
  beforeAll(async () => {
    evaluation = await evaluate({ appDir });
  }, 120_000);

  it("runs the job on its schedule", () => {
    const [schedule] = resourcesOfType(evaluation, "aws:scheduler/schedule:Schedule");
    expect(schedule?.inputs.scheduleExpression).toBe("cron(0 6 * * ? *)");
    expect(resourcesOfType(evaluation, "aws:lambda/function:Function")).toHaveLength(1);
  });

  it("has a bucket", () => {
    expect(resourcesOfType(evaluation, "sst:aws:Bucket")).toHaveLength(1);
  });
});
