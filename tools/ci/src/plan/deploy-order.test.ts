import { describe, expect, it } from "vitest";
import { deployWaves } from "./deploy-order.ts";

describe("deployWaves", () => {
  it("deploys independent services side by side", () => {
    expect(deployWaves(["b", "a", "c"], {})).toEqual([["a", "b", "c"]]);
  });

  it("deploys a service after the services it depends on", () => {
    const waves = deployWaves(["api", "events", "web"], { web: ["api"], api: ["events", "lib"] });
    expect(waves).toEqual([["events"], ["api"], ["web"]]);
  });

  it("ignores dependencies on services this change does not deploy", () => {
    expect(deployWaves(["web"], { web: ["api"] })).toEqual([["web"]]);
  });

  it("refuses a cycle, naming the services in it", () => {
    expect(() => deployWaves(["a", "b"], { a: ["b"], b: ["a"] })).toThrow(/cycle \(a, b\)/);
  });
});
