import { queue } from "@acme/runtime/sqs";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestQueue, type TestQueue } from "./testing";

describe("startTestQueue with the runtime's queue client", () => {
  let sqs: TestQueue;
  beforeAll(async () => {
    sqs = await startTestQueue(["Jobs", "Other"]);
  });
  afterAll(() => sqs.stop());
  beforeEach(() => {
    process.env.SST_RESOURCE_Jobs = JSON.stringify({ url: sqs.urlOf("Jobs") });
  });
  afterEach(() => {
    delete process.env.SST_RESOURCE_Jobs;
    sqs.receive("Jobs");
    sqs.receive("Other");
  });

  it("receives what the code sent to the linked queue, as JSON, under the id send returned", async () => {
    const jobs = queue("Jobs", { sqs: sqs.clientConfig });
    const first = await jobs.send({ orderId: "order-1" });
    const second = await jobs.send("plain");
    expect(sqs.receive("Jobs")).toEqual([
      { messageId: first, body: '{"orderId":"order-1"}' },
      { messageId: second, body: '"plain"' },
    ]);
    expect(sqs.receive("Other")).toEqual([]);
  });

  it("takes received messages off the queue", async () => {
    await queue("Jobs", { sqs: sqs.clientConfig }).send(1);
    expect(sqs.receive("Jobs")).toHaveLength(1);
    expect(sqs.receive("Jobs")).toEqual([]);
  });

  it("reads the queue's URL from the link", () => {
    expect(queue("Jobs").url).toBe(sqs.urlOf("Jobs"));
  });

  it("refuses a queue URL it does not serve with SQS's QueueDoesNotExist", async () => {
    process.env.SST_RESOURCE_Jobs = JSON.stringify({ url: sqs.urlOf("Nope") });
    await expect(queue("Jobs", { sqs: sqs.clientConfig }).send({})).rejects.toMatchObject({
      name: "QueueDoesNotExist",
      message: expect.stringContaining("the queues served are Jobs, Other"),
    });
  });

  it("names an unknown queue in receive", () => {
    expect(() => sqs.receive("Nope")).toThrow('No test queue "Nope": started with Jobs, Other.');
  });
});
