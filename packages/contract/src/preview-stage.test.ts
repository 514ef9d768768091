import { describe, expect, it } from "vitest";
import { MAX_STAGE_LENGTH, previewStage, stageProblem } from "./index";

describe("previewStage (a pull request's stage)", () => {
  it.each([1, 42, 12345, 9_999_999_999_999])(
    "names pull request %i pr-<number>, a valid stage",
    (n) => {
      const stage = previewStage(n);
      expect(stage).toBe(`pr-${n}`);
      expect(stageProblem(stage)).toBeUndefined();
      expect(stage.length).toBeLessThanOrEqual(MAX_STAGE_LENGTH);
    },
  );

  it.each([0, -3, 1.5, Number.NaN])("refuses %s, which is no pull request number", (n) => {
    expect(() => previewStage(n)).toThrow(/not a pull request number/);
  });

  it("refuses a number whose stage would pass the platform's length limit", () => {
    expect(() => previewStage(10_000_000_000_000)).toThrow(/characters; the platform allows 16/);
  });
});
