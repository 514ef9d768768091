import { describe, expect, it } from "vitest";
import { Lifecycle } from "./lifecycle";

describe("Lifecycle", () => {
  it("stops the last started first, and goes on past a stop that fails", async () => {
    const logged: string[] = [];
    const stopped: string[] = [];
    const lifecycle = new Lifecycle((line) => logged.push(line));
    lifecycle.defer("lock", () => {
      stopped.push("lock");
    });
    lifecycle.defer("database", async () => {
      throw new Error("flush failed");
    });
    lifecycle.defer("queues", async () => {
      stopped.push("queues");
    });
    await lifecycle.stopAll();
    expect(stopped).toEqual(["queues", "lock"]);
    expect(logged).toEqual(["while stopping database: flush failed"]);
    await lifecycle.stopAll(); // Nothing twice.
    expect(stopped).toEqual(["queues", "lock"]);
  });
});
