import { describe, expect, it } from "vitest";
import { parseSchedule, scheduleProblem } from "./schedule";

const from = new Date("2026-01-01T00:00:00Z"); // a Thursday
const next = (expression: string, start = from) =>
  parseSchedule(expression, { start }).next(start)?.toISOString();

describe("parseSchedule (EventBridge expressions)", () => {
  it("reads AWS's six-field cron with 1 = Sunday weekdays, L, W and #", () => {
    expect(next("cron(0 12 * * ? *)")).toBe("2026-01-01T12:00:00.000Z");
    expect(next("cron(0/15 * ? * MON-FRI *)")).toBe("2026-01-01T00:15:00.000Z");
    expect(next("cron(0 8 ? * 2 *)")).toBe("2026-01-05T08:00:00.000Z"); // 2 = Monday
    expect(next("cron(0 8 ? * 1 *)")).toBe("2026-01-04T08:00:00.000Z"); // 1 = Sunday
    expect(next("cron(0 8 ? * 6L *)")).toBe("2026-01-30T08:00:00.000Z"); // last Friday
    expect(next("cron(0 8 ? * 2#1 *)")).toBe("2026-01-05T08:00:00.000Z");
    expect(next("cron(0 8 L * ? *)")).toBe("2026-01-31T08:00:00.000Z");
    expect(next("cron(0 8 1 * ? 2027)")).toBe("2027-01-01T08:00:00.000Z");
  });

  it("honours a schedule's time zone", () => {
    const schedule = parseSchedule("cron(0 9 * * ? *)", { timezone: "Europe/Paris" });
    expect(schedule.next(from)?.toISOString()).toBe("2026-01-01T08:00:00.000Z");
  });

  it("counts rates from the start", () => {
    expect(next("rate(5 minutes)")).toBe("2026-01-01T00:05:00.000Z");
    expect(next("rate(1 day)")).toBe("2026-01-02T00:00:00.000Z");
    const schedule = parseSchedule("rate(1 hour)", { start: from });
    expect(schedule.next(new Date("2026-01-01T01:30:00Z"))?.toISOString()).toBe(
      "2026-01-01T02:00:00.000Z",
    );
  });

  it.each([
    ["rate(1 minutes)", /rate\(1 minute\)/],
    ["rate(5 minute)", /rate\(5 minutes\)/],
    ["rate(0 minutes)", /positive integer/],
    ["rate(5 seconds)", /minute\|minutes/],
    ["cron(0 12 * * * *)", /exactly one of day-of-month and day-of-week/],
    ["cron(0 12 1 * MON *)", /exactly one/],
    ["cron(0 12 * * ?)", /6 fields/],
    ["cron(0 25 * * ? *)", /Invalid schedule/],
    ["every 5 minutes", /expected rate/],
  ])("refuses %s as AWS does", (expression, message) => {
    expect(() => parseSchedule(expression)).toThrow(message);
  });
});

describe("scheduleProblem", () => {
  it("ends the parser's message as a sentence before the help", () => {
    const problem = scheduleProblem("cron(0 25 * * ? *)");
    expect(problem).toMatch(/hour: 25\. Use rate\(/);
  });

  it("accepts a recurring schedule", () => {
    expect(scheduleProblem("rate(5 minutes)")).toBeUndefined();
  });
});
