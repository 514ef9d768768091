import { describe, expect, it } from "vitest";
import type { ServiceModel } from "../model";
import { servedQueueNames } from "./queues";

const subscription = {
  functionId: "Consumer",
  batchSize: 10,
  maxReceiveCount: 3,
  partialResponses: true,
  fifo: false,
};

describe("servedQueueNames", () => {
  it("serves subscribed and linked queues, not their dead-letter queues", () => {
    const model = {
      queues: [
        { ...subscription, name: "Queue", deadLetterQueue: "QueueDlq" },
        { ...subscription, name: "Orders", deadLetterQueue: undefined },
      ],
      links: [
        { name: "QueueDlq", type: "sst.aws.Queue", properties: {} },
        { name: "OrdersDlq", type: "sst.aws.Queue", properties: {} },
        { name: "Outbox", type: "sst.aws.Queue", properties: {} },
        { name: "Unlinked", type: "sst.aws.Queue", properties: {} },
      ],
    } as unknown as ServiceModel;
    const linked = new Set(["QueueDlq", "OrdersDlq", "Outbox"]);
    // OrdersDlq: no redrive policy names it, but the contract's `<Queue>Dlq` marks it as one.
    expect(servedQueueNames(model, linked).sort()).toEqual(["Orders", "Outbox", "Queue"]);
  });
});
