import { table } from "@acme/runtime/dynamo";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestDynamo, type TestDynamo } from "./testing";

describe("startTestDynamo with the runtime's table client", () => {
  let dynamo: TestDynamo;
  beforeAll(async () => {
    dynamo = await startTestDynamo(["svc-test-orders"]);
  });
  afterAll(() => dynamo.stop());
  beforeEach(() => {
    process.env.SST_RESOURCE_Orders = JSON.stringify({ name: "svc-test-orders" });
  });
  afterEach(() => {
    delete process.env.SST_RESOURCE_Orders;
  });

  it("stores an item in the linked table and reads it back", async () => {
    const orders = table("Orders", { dynamo: dynamo.clientConfig });
    await orders.put({ pk: "order#1", sk: "summary", total: 42 });
    expect(await orders.get({ pk: "order#1", sk: "summary" })).toEqual({
      pk: "order#1",
      sk: "summary",
      total: 42,
    });
    expect(await orders.get({ pk: "order#2", sk: "summary" })).toBeUndefined();
  });
});
