import { describe, expect, it } from "vitest";
import { deployWaves, limitWaveSize } from "./deploy-order.ts";

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

describe("limitWaveSize", () => {
  it("splits a wave over GitHub's matrix limit into consecutive waves, keeping the order", () => {
    const wave = Array.from({ length: 600 }, (_, i) => i);
    const waves = limitWaveSize<number | string>([wave, ["last"]], 256);
    expect(waves.map((w) => w.length)).toEqual([256, 256, 88, 1]);
    expect(waves.flat()).toEqual([...wave, "last"]);
  });
});
