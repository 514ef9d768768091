import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../logger";
import { resource } from "./resource";

declare module "sst" {
  export interface Resource {
    Secretive: { password: string };
  }
}

const SECRET = "hunter2!"; // short: V8 quotes up to 10 characters of the text

afterEach(() => {
  delete process.env.SST_RESOURCE_Secretive;
});

/** Issue 9, defect 7: JSON.parse's message quotes the text it failed on. */
describe("a linked resource that is not valid JSON", () => {
  it("names the variable and the position, never the value, in the error and its cause", () => {
    process.env.SST_RESOURCE_Secretive = SECRET; // a raw secret where JSON belongs
    let thrown: unknown;
    try {
      resource("Secretive");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Error);
    const error = thrown as Error;
    expect(error.message).toContain("SST_RESOURCE_Secretive is not valid JSON");
    const lines: string[] = [];
    createLogger({ service: "s", stage: "t", write: (line) => lines.push(line) }).error(
      "boot",
      error,
    );
    expect(lines.join("")).not.toContain(SECRET);
    expect(JSON.stringify({ message: error.message, cause: String(error.cause) })).not.toContain(
      SECRET,
    );
  });
});
