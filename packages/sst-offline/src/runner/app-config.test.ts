import { describe, expect, it } from "vitest";
import { completeApp } from "./app-config.js";

describe("completeApp", () => {
  it("completes app() as the SST CLI does", () => {
    expect(
      completeApp(
        { name: "orders", home: "aws", providers: { random: true, tls: "5.0.0" } },
        "pr-1",
      ),
    ).toEqual({
      name: "orders",
      stage: "pr-1",
      removal: "retain",
      providers: { random: {}, tls: { version: "5.0.0" }, aws: {} },
      home: "aws",
      version: "",
      protect: false,
    });
    expect(
      completeApp({ name: "x", home: "local", removal: "remove", protect: 1 }, "dev"),
    ).toMatchObject({
      providers: {},
      removal: "remove",
      protect: true,
    });
  });

  it("refuses what the CLI refuses, with its messages", () => {
    expect(() => completeApp(undefined, "dev")).toThrow("app() must return an object.");
    expect(() => completeApp({ home: "aws" }, "dev")).toThrow("Project name is required");
    expect(() => completeApp({ name: "x" }, "dev")).toThrow('You must specify a "home" provider');
    expect(() => completeApp({ name: "x", home: "aws", removalPolicy: "retain" }, "dev")).toThrow(
      'The "removalPolicy" has been renamed to "removal"',
    );
    expect(() => completeApp({ name: "x", home: "aws", removal: "keep" }, "dev")).toThrow(
      "Removal must be one of: remove, retain, retain-all",
    );
  });
});
