import { describe, expect, it } from "vitest";
import { evaluate } from "./index.js";
import { fixture } from "./test/fixtures.js";

describe("determinism", () => {
  it("gives byte-identical results for the same input", async () => {
    const [first, second] = await Promise.all([
      // Two real evaluations: nothing kept is read.
      evaluate({ appDir: fixture("full"), reuse: false }),
      evaluate({ appDir: fixture("full"), reuse: false }),
    ]);
    expect(first.resources.length).toBeGreaterThan(75);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    const text = JSON.stringify(first);
    expect(text).not.toMatch(/sst-offline-|\/tmp\//);
    expect(text).not.toContain(fixture("full"));
  });
});
