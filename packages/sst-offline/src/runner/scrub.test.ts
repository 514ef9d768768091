import { describe, expect, it } from "vitest";
import { machinePathReplacements, scrubPaths } from "./scrub.js";

describe("scrubPaths", () => {
  const replacements = machinePathReplacements({
    appDir: "/home/me/ws/apps/orders",
    work: "/tmp/sst-offline-abc/work",
    platformDir: "/home/me/ws/packages/infra/.sst/platform",
  });

  it("rewrites machine paths in every string, most specific first", () => {
    expect(
      scrubPaths(
        {
          code: { path: "/tmp/sst-offline-abc/work/artifacts/Api/code.zip" },
          list: ["/home/me/ws/packages/infra/.sst/platform/src/x.ts", 3, null, true],
          "/home/me/ws/apps/orders": "see /home/me/ws/apps/orders/src/handler.ts",
        },
        replacements,
      ),
    ).toEqual({
      code: { path: "<root>/.sst/artifacts/Api/code.zip" },
      list: ["<root>/.sst/platform/src/x.ts", 3, null, true],
      // Keys are names, not paths: left as they are.
      "/home/me/ws/apps/orders": "see <root>/src/handler.ts",
    });
  });

  it("scrubs a plain string (error messages)", () => {
    expect(scrubPaths("Handler not found in /home/me/ws/apps/orders/src", replacements)).toBe(
      "Handler not found in <root>/src",
    );
  });
});
