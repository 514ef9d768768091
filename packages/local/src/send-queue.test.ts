import { describe, expect, it } from "vitest";
import { pickQueue } from "./cli";

describe("shipyard-send's queue", () => {
  const state = { queues: ["Queue", "PaymentsQueue"] };

  it("is the one named, or the only one the service has", () => {
    expect(pickQueue(state, "PaymentsQueue")).toBe("PaymentsQueue");
    expect(pickQueue({ queues: ["Queue"] }, undefined)).toBe("Queue");
  });

  it("asks for --queue when there are several", () => {
    expect(() => pickQueue(state, undefined)).toThrow(
      "Name the queue with --queue: one of Queue, PaymentsQueue.",
    );
  });

  it("says a name is unknown, and which exist, when --queue names none of them", () => {
    expect(() => pickQueue(state, "Nope")).toThrow(
      'The served service has no queue "Nope": use --queue with one of Queue, PaymentsQueue.',
    );
  });
});
