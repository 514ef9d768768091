import { afterEach, describe, expect, it } from "vitest";
import { recordEnvironmentReads } from "./environment.js";

describe("recordEnvironmentReads", () => {
  const original = process.env;
  afterEach(() => {
    process.env = original;
  });

  it("records each variable read, with its value when recording started", () => {
    process.env = { KEPT: "a", CHANGED: "before", SST_SERVER: "http://x" };
    const reads = recordEnvironmentReads();
    expect(process.env.KEPT).toBe("a");
    expect("MISSING" in process.env).toBe(false);
    process.env.CHANGED = "after";
    expect(process.env.CHANGED).toBe("after");
    expect(process.env.SST_SERVER).toBe("http://x");
    expect(reads()).toEqual({ CHANGED: "before", KEPT: "a", MISSING: null });
  });

  it("records every variable when the whole environment is enumerated", () => {
    process.env = { A: "1", B: "2" };
    const reads = recordEnvironmentReads();
    // Names only (no value read yet): the evaluation still depends on which variables exist.
    expect(Reflect.ownKeys(process.env)).toEqual(["A", "B"]);
    expect(reads()).toEqual({ A: "1", B: "2" });
  });
});
