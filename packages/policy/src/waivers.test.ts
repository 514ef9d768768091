import { type Evaluation, evaluate } from "@acme/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { check, fixture } from "./test-support";
import type { RecordedWaiver, Waiver } from "./waivers";
import { readWaivers } from "./waivers";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const TODAY = "2026-11-30";

function recorded(...waivers: Partial<Waiver>[]): RecordedWaiver[] {
  return recordedOn(TODAY, ...waivers);
}

function recordedOn(today: string, ...waivers: Partial<Waiver>[]): RecordedWaiver[] {
  const dir = mkdtempSync(join(tmpdir(), "waivers-"));
  try {
    writeFileSync(join(dir, "policy-waivers.json"), JSON.stringify({ waivers }));
    return readWaivers(dir, today);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const valid: Waiver = {
  rule: "lambda-arm64",
  resource: "IntelFunction",
  reason: "The image library ships native binaries for x86_64 only (ticket PLAT-42).",
  owner: "payments",
  expires: "2027-03-31",
};

describe("waivers", () => {
  let production: Evaluation;
  beforeAll(async () => {
    production = await evaluate({ appDir: fixture("careless"), stage: "production" });
  });

  it("passes a waived violation and lists it", () => {
    const report = check([production], { waivers: recorded(valid) });
    expect(report.violations.map((v) => v.rule)).not.toContain("lambda-arm64");
    expect(report.waived).toEqual([
      expect.objectContaining({
        violation: expect.objectContaining({ rule: "lambda-arm64", resource: "IntelFunction" }),
      }),
    ]);
    expect(report.waiverProblems).toEqual([]);
  });

  it("covers only its rule, resource and stages", () => {
    const report = check([production], {
      waivers: recorded({ ...valid, stages: ["dev"] }, { ...valid, rule: "s3-tls-only" }),
    });
    expect(report.violations).toContainEqual(
      expect.objectContaining({ rule: "lambda-arm64", resource: "IntelFunction" }),
    );
    expect(report.waived).toEqual([]);
    expect(report.waiverProblems).toHaveLength(2); // both cover nothing
  });

  it.each([
    [{ expires: "2026-11-29" }, "it expired on 2026-11-29"],
    [{ reason: "" }, "it is unexplained"],
    [{ reason: "needed" }, "it is unexplained"],
    [{ rule: "no-such-rule" }, 'rule "no-such-rule" is not a rule id'],
    [{ owner: " " }, 'it has no "owner"'],
    [{ expires: "31/03/2027" }, '"expires" must be a day written YYYY-MM-DD'],
    [{ expires: "2028-06-01" }, "more than 366 days"],
    [{ resource: "" }, "it names no resource"],
  ])("fails a waiver with %j, and does not waive with it", (change, problem) => {
    const report = check([production], { waivers: recorded({ ...valid, ...change }) });
    expect(report.waiverProblems.join("\n")).toContain(problem);
    expect(report.waived).toEqual([]);
  });

  it("holds until the end of its expiry day, and fails the day after", () => {
    const on = (today: string) => check([production], { today, waivers: recordedOn(today, valid) });
    expect(on("2027-03-31").waived).toHaveLength(1);
    const after = on("2027-04-01");
    expect(after.waived).toEqual([]);
    expect(after.waiverProblems.join()).toContain("it expired on 2027-03-31");
  });
});
