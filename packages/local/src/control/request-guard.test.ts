import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { refusalReason } from "./request-guard";

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe("refusalReason", () => {
  it("lets tools through: a loopback Host and no Origin", () => {
    for (const host of ["localhost:3000", "127.0.0.1:3000", "[::1]:3000", "LOCALHOST:1"]) {
      expect(refusalReason(request({ host }))).toBeUndefined();
    }
  });

  it("lets a page of the service itself through (same origin)", () => {
    expect(
      refusalReason(request({ host: "localhost:3000", origin: "http://localhost:3000" })),
    ).toBeUndefined();
  });

  it("refuses other origins, opaque ones and cross-site fetches", () => {
    expect(
      refusalReason(request({ host: "localhost:3000", origin: "http://evil.example" })),
    ).toMatch(/evil\.example are refused/);
    expect(
      refusalReason(request({ host: "localhost:3000", origin: "http://localhost:8080" })),
    ).toBeDefined();
    expect(refusalReason(request({ host: "localhost:3000", origin: "null" }))).toBeDefined();
    expect(
      refusalReason(request({ host: "localhost:3000", "sec-fetch-site": "cross-site" })),
    ).toBeDefined();
  });

  it("refuses a Host that is not this machine (DNS rebinding) or no Host at all", () => {
    expect(refusalReason(request({ host: "evil.example:3000" }))).toMatch(/is not this machine/);
    expect(refusalReason(request({ host: "127.0.0.1.evil.example" }))).toBeDefined();
    expect(refusalReason(request({}))).toBeDefined();
  });
});
