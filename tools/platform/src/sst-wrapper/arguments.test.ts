import { MAX_STAGE_LENGTH } from "@acme/contract";
import { describe, expect, it } from "vitest";
import { sstArguments, sstEnvironment } from "./arguments.mjs";

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

  it("refuses a stage over the contract's limit, from --stage, --stage= or SST_STAGE", () => {
    const tooLong = "a".repeat(MAX_STAGE_LENGTH + 1);
    for (const result of [
      sstArguments(["deploy", "--stage", tooLong], {}),
      sstArguments(["deploy", `--stage=${tooLong}`], {}),
      sstArguments(["dev"], { SST_STAGE: tooLong }),
    ]) {
      expect(result).toEqual({
        error: expect.stringContaining(`Stage "${tooLong}" is ${MAX_STAGE_LENGTH + 1} characters`),
      });
    }
    expect(sstArguments(["deploy", "--stage", "a".repeat(MAX_STAGE_LENGTH)], {})).toHaveProperty(
      "args",
    );
  });

  it("refuses a stage outside SST's grammar, naming the rule", () => {
    for (const stage of ["Bad_Stage!", "1st", "-x", "a b", "pr.1", "$(touch pwned)"]) {
      expect(sstArguments(["deploy", "--stage", stage], {}), stage).toEqual({
        error: expect.stringContaining(`Stage ${JSON.stringify(stage)} is not a valid SST stage`),
      });
    }
    expect(sstArguments(["deploy", "--stage", "pr-42"], {})).toHaveProperty("args");
  });

  it("asks for a command and for a stage value", () => {
    expect(sstArguments([], {})).toHaveProperty("error", expect.stringContaining("Usage"));
    expect(sstArguments(["deploy", "--stage"], {})).toEqual({
      error: "--stage needs a value, e.g. --stage production.",
    });
  });
});

describe("shipyard-sst environment", () => {
  it("turns telemetry off and uses bun from the registry, keeping what the user set", () => {
    expect(sstEnvironment("deploy", {}, "/bun")).toMatchObject({
      SST_TELEMETRY_DISABLED: "1",
      SST_BUN_PATH: "/bun",
    });
    expect(sstEnvironment("deploy", { SST_TELEMETRY_DISABLED: "0" }, undefined)).toMatchObject({
      SST_TELEMETRY_DISABLED: "0",
    });
    expect(sstEnvironment("deploy", { SST_NO_BUN: "1" }, "/bun").SST_BUN_PATH).toBeUndefined();
  });

  it("skips SST's Pulumi download only for commands that do not run Pulumi", () => {
    expect(sstEnvironment("version", {}, undefined).SST_SKIP_DEPENDENCY_CHECK).toBe("1");
    for (const command of ["deploy", "dev", "remove", "diff"]) {
      expect(sstEnvironment(command, {}, undefined).SST_SKIP_DEPENDENCY_CHECK).toBeUndefined();
    }
    expect(
      sstEnvironment("deploy", { SST_SKIP_DEPENDENCY_CHECK: "1" }, undefined)
        .SST_SKIP_DEPENDENCY_CHECK,
    ).toBe("1");
  });
});
