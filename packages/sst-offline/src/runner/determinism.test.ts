import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolvePlatform } from "../platform.js";
import { fixture } from "../test/fixtures.js";
import {
  FIXED_NOW,
  installOfflineGlobals,
  OFFLINE_GLOBAL,
  PLATFORM_PATCHES,
  patchPlatformFile,
} from "./determinism.js";

const platform = resolvePlatform(fixture("full"));

describe("patchPlatformFile", () => {
  it("makes every patched file of the installed platform deterministic", () => {
    for (const patch of PLATFORM_PATCHES) {
      const file = join(platform.dir, patch.file);
      const { contents, applied } = patchPlatformFile(
        file,
        readFileSync(file, "utf8"),
        platform.version,
      );
      expect(applied).toEqual([patch.file]);
      expect(contents).not.toContain(patch.from);
      expect(contents).toContain(patch.to);
      expect(contents).not.toContain("Date.now()");
    }
  });

  it("fails loudly, naming the file and the version, when a patch no longer matches", () => {
    const naming = join(platform.dir, "src", "components", "naming.ts");
    expect(() => patchPlatformFile(naming, "export const x = 1;", "9.9.9")).toThrow(
      /cannot patch src\/components\/naming\.ts .* \(SST 9\.9\.9\)/,
    );
  });

  it("stops the clock in any platform file", () => {
    const { contents, applied } = patchPlatformFile(
      "/p/src/components/aws/function.ts",
      "const a = Date.now(); const b = Date.now();",
      "4.17.1",
    );
    expect(applied).toEqual([]);
    expect(contents).toBe(
      `const a = globalThis.${OFFLINE_GLOBAL}.now(); const b = globalThis.${OFFLINE_GLOBAL}.now();`,
    );
  });
});

describe("installOfflineGlobals", () => {
  it("gives a fixed clock and the same random sequence in every process", () => {
    const first = {};
    const second = {};
    const a = installOfflineGlobals(first);
    const b = installOfflineGlobals(second);
    expect((first as Record<string, unknown>)[OFFLINE_GLOBAL]).toBe(a);
    expect(a.now()).toBe(FIXED_NOW);
    const sequence = [a.randomHex(16), a.randomHex(16), a.randomHex(4)];
    expect(new Set(sequence).size).toBe(3);
    expect(sequence[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(sequence[2]).toMatch(/^[0-9a-f]{8}$/);
    expect([b.randomHex(16), b.randomHex(16), b.randomHex(4)]).toEqual(sequence);
  });
});
