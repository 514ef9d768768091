import { afterAll, describe, expect, it, vi } from "vitest";
import { InvalidResourceError } from "./errors";
import { resource } from "./resource";

declare module "sst" {
  export interface Resource {
    Topic: { arn: string };
  }
}

afterAll(() => {
  vi.unstubAllEnvs();
});

// A separate file: the links are read once per module instance, and this test must be the first read.
describe("resource, when another link holds broken JSON", () => {
  it("names the broken variable instead of failing with a bare SyntaxError", () => {
    vi.stubEnv("SST_RESOURCE_Broken", "{oops");
    expect(() => resource("Topic")).toThrow(InvalidResourceError);
    expect(() => resource("Topic")).toThrow(/SST_RESOURCE_Broken is not valid JSON/);
  });
});
