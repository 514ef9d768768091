import { describe, expect, it } from "vitest";
import { kindMismatch, quickstartOptions } from "./options.mjs";

describe("npm start options", () => {
  it("serves hello unless told otherwise, and keeps the kind as given", () => {
    expect(quickstartOptions([])).toEqual({ name: "hello", kind: undefined });
    expect(quickstartOptions(["--name", "inbox", "--kind", "worker"])).toEqual({
      name: "inbox",
      kind: "worker",
    });
    expect(quickstartOptions(["--name=inbox"])).toEqual({ name: "inbox", kind: undefined });
  });

  it("refuses an unknown option and an option without its value", () => {
    expect(() => quickstartOptions(["--nmae", "inbox"])).toThrow("--nmae");
    expect(() => quickstartOptions(["--name"])).toThrow("--name");
  });

  it.each(["../tools", "apps/orders", "Orders", "a;b", ""])(
    "refuses --name %j, which names no service folder, before looking for it",
    (name) => {
      expect(() => quickstartOptions(["--name", name])).toThrow(
        `--name "${name}" is not a service name: use lowercase letters`,
      );
    },
  );
});

describe("serving an existing service", () => {
  it("refuses a --kind the service does not have, and says how to serve it", () => {
    expect(kindMismatch("orders", "worker", "http")).toBe(
      "apps/orders exists and is an http service, not a worker. Serve it with `npm start -- --name orders`, or choose another --name for a new worker service.",
    );
  });

  it("serves it when --kind is its kind or not given", () => {
    expect(kindMismatch("orders", "http", "http")).toBeUndefined();
    expect(kindMismatch("orders", undefined, "http")).toBeUndefined();
  });
});
