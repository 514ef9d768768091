import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  findWorkspaceRoot,
  isDeadLetterQueueName,
  deadLetterQueueName,
  MAX_STAGE_LENGTH,
  maxServiceNameLength,
  requireWorkspaceRoot,
  scheduleProblem,
  stageProblem,
} from "./index";

describe("stageProblem", () => {
  it.each(["production", "pr-12345", "jsmith", "Dev2", "a"])("accepts %s", (stage) => {
    expect(stageProblem(stage)).toBeUndefined();
  });

  it.each([
    ["Bad_Stage!", "must start with a letter and hold only letters, digits and hyphens"],
    ["1st", "must start with a letter"],
    ["a$(touch pwned)", "only letters, digits and hyphens"],
    ["", "must start with a letter"],
    ["a".repeat(MAX_STAGE_LENGTH + 1), `the platform allows ${MAX_STAGE_LENGTH}`],
  ])("refuses %j, naming the fix", (stage, reason) => {
    const problem = stageProblem(stage);
    expect(problem).toContain(reason);
    expect(problem).toContain("--stage");
  });

  it("takes a stage of exactly the limit", () => {
    expect(stageProblem("a".repeat(MAX_STAGE_LENGTH))).toBeUndefined();
  });
});

describe("scheduleProblem (the one schedule grammar, shared by the generator and nx serve)", () => {
  it.each(["rate(5 minutes)", "rate(1 hour)", "cron(0 6 * * ? *)", "cron(0/15 * ? * MON-FRI *)"])(
    "accepts %s",
    (expression) => {
      expect(scheduleProblem(expression)).toBeUndefined();
    },
  );

  it.each([
    ["cron(0 6 ? * ? *)", 'exactly one of day-of-month and day-of-week must be "?"'],
    ["cron(0 6 * * * *)", 'exactly one of day-of-month and day-of-week must be "?"'],
    ["cron(99 6 * * ? *)", "Invalid schedule"],
    ["cron(0 25 * * ? *)", "Invalid schedule"],
    ["rate(1 minutes)", "singular"],
    ["rate(0 minutes)", "positive integer"],
    ["at(2030-01-01T00:00:00)", "runs once"],
    ["every day", "expected rate"],
  ])("refuses %s", (expression, reason) => {
    const problem = scheduleProblem(expression);
    expect(problem).toContain(reason);
    expect(problem).toContain("rate(5 minutes)");
  });
});

describe("dead-letter queue names", () => {
  it("names a queue's DLQ so that it is recognised as one", () => {
    expect(deadLetterQueueName("Queue")).toBe("QueueDlq");
    expect(isDeadLetterQueueName(deadLetterQueueName("Payments"))).toBe(true);
    expect(isDeadLetterQueueName("Payments")).toBe(false);
  });
});

describe("service-name limits", () => {
  it("bounds an http service by its handler's Lambda name", () => {
    const { max, binding } = maxServiceNameLength("http", {});
    expect(binding.resource).toBe("ApiHandlerFunction");
    // 64 (Lambda) - 9 (random suffix) - 2 (hyphens) - stage - resource
    expect(max).toBe(64 - 9 - 2 - MAX_STAGE_LENGTH - "ApiHandlerFunction".length);
  });
});

describe("findWorkspaceRoot", () => {
  it("walks up to the folder whose package.json declares workspaces", () => {
    const root = mkdtempSync(join(tmpdir(), "contract-"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ workspaces: ["apps/*"] }));
    mkdirSync(join(root, "apps", "orders"), { recursive: true });
    writeFileSync(join(root, "apps", "orders", "package.json"), "{ not json");
    expect(findWorkspaceRoot(join(root, "apps", "orders"))).toBe(root);
  });

  it("says what is missing when there is no workspace", () => {
    const lonely = mkdtempSync(join(tmpdir(), "contract-none-"));
    expect(findWorkspaceRoot(lonely)).toBeUndefined();
    expect(() => requireWorkspaceRoot(lonely)).toThrow(/No npm workspace root/);
  });
});
