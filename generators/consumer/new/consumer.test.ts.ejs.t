---
to: apps/<%= service %>/src/<%= fileBase %>.test.ts
unless_exists: true
---
import { lambdaContext, sqsEvent, sqsRecord } from "@<%= org %>/runtime/testing";
import { describe, expect, it } from "vitest";
import { handler } from "./<%= fileBase %>";

describe("<%= componentName %> consumer", () => {
  it("acknowledges good messages", async () => {
    const event = sqsEvent([sqsRecord({ messageId: "m1", body: { id: "42" } })]);
    expect(await handler(event, lambdaContext())).toEqual({ batchItemFailures: [] });
  });

  it("reports only the bad messages of a batch as failed", async () => {
    const event = sqsEvent([
      sqsRecord({ messageId: "good", body: { id: "42" } }),
      sqsRecord({ messageId: "bad", body: { id: "" } }),
      sqsRecord({ messageId: "not-json", body: "{" }),
    ]);
    expect(await handler(event, lambdaContext())).toEqual({
      batchItemFailures: [{ itemIdentifier: "bad" }, { itemIdentifier: "not-json" }],
    });
  });
});
