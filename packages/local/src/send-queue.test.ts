import { describe, expect, it } from "vitest";
import { pickCron, pickQueue } from "./cli";

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

  it("says the service has no queue, and how to add one, when it has none", () => {
    for (const wanted of [undefined, "Queue"]) {
      expect(() => pickQueue({ queues: [] }, wanted)).toThrow(
        "The served service has no queue: a worker service has one, and the platform's consumer and resource --type queue generators add one to any service.",
      );
    }
  });

  it("says a name is unknown, and which exist, when --queue names none of them", () => {
    expect(() => pickQueue(state, "Nope")).toThrow(
      'The served service has no queue "Nope": use --queue with one of Queue, PaymentsQueue.',
    );
  });
});

describe("shipyard-serve run's cron job", () => {
  it("is the one named, or the only one; a name the service does not have lists those it has", () => {
    expect(pickCron({ crons: ["Job"] }, undefined)).toBe("Job");
    expect(pickCron({ crons: ["Job", "Report"] }, "Report")).toBe("Report");
    expect(() => pickCron({ crons: ["Job", "Report"] }, "Nope")).toThrow(
      'The served service has no cron job "Nope": run one of Job, Report.',
    );
    expect(() => pickCron({ crons: ["Job", "Report"] }, undefined)).toThrow(
      "Name the cron job: one of Job, Report.",
    );
    for (const wanted of [undefined, "Job"]) {
      expect(() => pickCron({ crons: [] }, wanted)).toThrow(
        "The served service has no cron job: only a cron service has one.",
      );
    }
  });
});
