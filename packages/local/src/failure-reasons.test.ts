import { describe, expect, it } from "vitest";
import { FailureReasons } from "./failure-reasons";

describe("FailureReasons", () => {
  it("reads the reason of @acme/runtime's rejection and failure lines, across split writes", () => {
    const reasons = new FailureReasons();
    const rejected = JSON.stringify({
      level: "ERROR",
      message: "record rejected: body does not match the schema",
      messageId: "m1",
      reason: "body does not match the schema",
    });
    const failed = JSON.stringify({
      level: "ERROR",
      message: "record failed",
      messageId: "m2",
      error: { name: "Error", message: "downstream refused", stack: "..." },
    });
    reasons.write(`${rejected}\n${failed.slice(0, 20)}`);
    reasons.write(`${failed.slice(20)}\nnot json\n`);
    expect(reasons.take(["m1", "m2", "m3"])).toEqual({
      m1: "body does not match the schema",
      m2: "downstream refused",
    });
    // Taken once.
    expect(reasons.take(["m1"])).toEqual({});
  });

  it("explains the messages a FIFO batch skipped after a failure, and keeps the first reason", () => {
    const reasons = new FailureReasons();
    reasons.write(`${JSON.stringify({ level: "ERROR", messageId: "f1", error: "first" })}\n`);
    reasons.write(`${JSON.stringify({ level: "ERROR", messageId: "f1", error: "second" })}\n`);
    reasons.write(
      `${JSON.stringify({ level: "WARN", failedMessageId: "f1", skippedMessageIds: ["f2", "f3"] })}\n`,
    );
    expect(reasons.take(["f1", "f2", "f3"])).toEqual({
      f1: "first",
      f2: "not handled: f1 before it in its group failed",
      f3: "not handled: f1 before it in its group failed",
    });
  });

  it("keeps a bounded number of reasons nobody asked for", () => {
    const reasons = new FailureReasons();
    for (let i = 0; i < 1500; i++) {
      reasons.write(`${JSON.stringify({ level: "ERROR", messageId: `m${i}`, error: "x" })}\n`);
    }
    expect(reasons.take(["m0", "m499", "m500", "m1499"])).toEqual({ m500: "x", m1499: "x" });
  });

  it("ignores lines without a message id or below ERROR", () => {
    const reasons = new FailureReasons();
    reasons.write(`${JSON.stringify({ level: "INFO", messageId: "m", message: "fine" })}\n`);
    reasons.write(`${JSON.stringify({ level: "ERROR", message: "no id" })}\n`);
    expect(reasons.take(["m"])).toEqual({});
  });
});
