import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { relocateLocations } from "./locations.js";
import { fixture } from "./test/fixtures.js";

describe("relocateLocations", () => {
  it("names each existing file of an error's locations as `show` wants, and leaves the rest", () => {
    const app = fixture("function-url");
    const parent = join(app, "..");
    const message = [
      'sst.config.ts:3:7: Expected ")" but found ";"',
      "<stdin>:1:1: not a file",
      "missing.ts:2:2: no such file",
      "Error: sst.config.ts:3:7: not at the start of a line",
    ].join("\n");
    expect(relocateLocations(message, app, (file) => relative(parent, file))).toBe(
      [
        'function-url/sst.config.ts:3:7: Expected ")" but found ";"',
        "<stdin>:1:1: not a file",
        "missing.ts:2:2: no such file",
        "Error: sst.config.ts:3:7: not at the start of a line",
      ].join("\n"),
    );
  });
});
