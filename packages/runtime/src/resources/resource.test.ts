import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { InvalidResourceError, MissingResourceError } from "./errors";
import { hasResource, resource } from "./resource";

declare module "sst" {
  export interface Resource {
    Bucket: { name: string };
    Database: { host: string; port: number };
    Queue: { url: string };
  }
}

beforeAll(() => {
  // What SST injects on Lambda besides SST_RESOURCE_* variables; read once, with the other links.
  vi.stubEnv("SST_RESOURCES_JSON", JSON.stringify({ Queue: { url: "https://sqs/queue" } }));
});

afterAll(() => {
  vi.unstubAllEnvs();
});

afterEach(() => {
  delete process.env.SST_RESOURCE_Bucket;
  delete process.env.SST_RESOURCE_Database;
});

describe("resource", () => {
  it("reads a linked resource from SST_RESOURCE_<Name>", () => {
    process.env.SST_RESOURCE_Bucket = JSON.stringify({ name: "b" });
    const bucket = resource("Bucket");
    expect(bucket).toEqual({ name: "b" });
    expect(bucket.name).toBe("b");
    expect(hasResource("Bucket")).toBe(true);
  });

  it("falls back to the links SST gives the function, such as SST_RESOURCES_JSON", () => {
    expect(resource("Queue")).toEqual({ url: "https://sqs/queue" });
    expect(hasResource("Queue")).toBe(true);
  });

  it("sees variables set or changed after the links were first read", () => {
    expect(resource("Queue").url).toBe("https://sqs/queue"); // the links are read by now
    process.env.SST_RESOURCE_Database = JSON.stringify({ host: "localhost", port: 5432 });
    expect(resource("Database")).toEqual({ host: "localhost", port: 5432 });

    process.env.SST_RESOURCE_Database = JSON.stringify({ host: "db.internal", port: 6432 });
    expect(resource("Database").host).toBe("db.internal");
  });

  it("throws a MissingResourceError naming the link and the fix", () => {
    expect(hasResource("Database")).toBe(false);
    let error: unknown;
    try {
      resource("Database");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MissingResourceError);
    expect((error as MissingResourceError).resourceName).toBe("Database");
    expect((error as Error).message).toBe(
      `Resource "Database" is not linked to this function. Link it in the service's infra ` +
        `(link: [database]) and, for local runs and tests, set SST_RESOURCE_Database='{"...":...}'.`,
    );
  });

  it("throws an InvalidResourceError when the variable is not JSON", () => {
    process.env.SST_RESOURCE_Bucket = "{name: b}";
    expect(() => resource("Bucket")).toThrow(InvalidResourceError);
    expect(() => resource("Bucket")).toThrow(/SST_RESOURCE_Bucket is not valid JSON/);
  });
});
