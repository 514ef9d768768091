import { describe, expect, it } from "vitest";
import { quickstartOptions } from "./options.mjs";

describe("npm start options", () => {
  it("scaffolds an http service named hello unless told otherwise", () => {
    expect(quickstartOptions([])).toEqual({ name: "hello", kind: "http" });
    expect(quickstartOptions(["--name", "inbox", "--kind", "worker"])).toEqual({
      name: "inbox",
      kind: "worker",
    });
    expect(quickstartOptions(["--name=inbox"])).toEqual({ name: "inbox", kind: "http" });
  });

  it("refuses an unknown option and an option without its value", () => {
    expect(() => quickstartOptions(["--nmae", "inbox"])).toThrow("--nmae");
    expect(() => quickstartOptions(["--name"])).toThrow("--name");
  });
});
