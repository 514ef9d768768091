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

describe("billing-report infra", () => {
  let evaluation: Awaited<ReturnType<typeof evaluate>>;
  beforeAll(async () => {
    evaluation = await evaluate({ appDir });
  }, 120_000);

  it("runs the job on its schedule", () => {
    const [schedule] = resourcesOfType(evaluation, "aws:scheduler/schedule:Schedule");
    expect(schedule?.inputs.scheduleExpression).toBe("cron(0 6 * * ? *)");
    expect(lambda(evaluation, "JobHandler")).toBeDefined();
  });

  it("has a bucket", () => {
    const buckets = resourcesOfType(evaluation, "sst:aws:Bucket");
    expect(buckets.filter((bucket) => bucket.name === "Bucket")).toHaveLength(1);
  });
});
