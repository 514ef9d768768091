import { describe, expect, it } from "vitest";
import { sstArguments } from "./sst.mjs";

describe("shipyard-sst arguments", () => {
  it("runs sst dev in mono mode under Nx, keeping the user's other options", () => {
    expect(sstArguments(["dev", "--stage", "alice"], {})).toEqual({
      args: ["dev", "--mode", "mono", "--stage", "alice"],
    });
    expect(sstArguments(["dev", "--mode=basic"], {})).toEqual({ args: ["dev", "--mode=basic"] });
  });

  it("passes deploy and remove through unchanged", () => {
    expect(sstArguments(["deploy", "--stage=production"], {})).toEqual({
      args: ["deploy", "--stage=production"],
    });
    expect(sstArguments(["remove"], {})).toEqual({ args: ["remove"] });
  });

  it("refuses a stage longer than 16 characters, from --stage or SST_STAGE", () => {
    const tooLong = "feature-login-page";
    for (const result of [
      sstArguments(["deploy", "--stage", tooLong], {}),
      sstArguments(["deploy", `--stage=${tooLong}`], {}),
      sstArguments(["dev"], { SST_STAGE: tooLong }),
    ]) {
      expect(result).toEqual({
        error: expect.stringContaining(`Stage "${tooLong}" is 18 characters`),
      });
    }
    expect(sstArguments(["deploy", "--stage", "a".repeat(16)], {})).toHaveProperty("args");
  });

  it("asks for a command and for a stage value", () => {
    expect(sstArguments([], {})).toHaveProperty("error", expect.stringContaining("Usage"));
    expect(sstArguments(["deploy", "--stage"], {})).toEqual({
      error: "--stage needs a value, e.g. --stage production.",
    });
  });
});
