import { describe, expect, it } from "vitest";
import { lockfileTouchesOnlyWorkspaces } from "./lockfile.ts";

const lock = (packages: Record<string, unknown>) =>
  JSON.stringify({ lockfileVersion: 3, packages });
const base = {
  "": { workspaces: ["apps/*"], devDependencies: { nx: "24.0.6" } },
  "apps/orders": { name: "@acme/orders" },
  "node_modules/@acme/orders": { resolved: "apps/orders", link: true },
  "node_modules/valibot": { version: "1.5.0" },
};

describe("lockfileTouchesOnlyWorkspaces", () => {
  it("is true when a service is added or removed", () => {
    const added = {
      ...base,
      "apps/inbox": { name: "@acme/inbox", dependencies: { valibot: "1.5.0" } },
      "node_modules/@acme/inbox": { resolved: "apps/inbox", link: true },
    };
    expect(lockfileTouchesOnlyWorkspaces(lock(base), lock(added))).toBe(true);
    expect(lockfileTouchesOnlyWorkspaces(lock(added), lock(base))).toBe(true);
  });

  it("is false when a registry package changes version, or arrives", () => {
    expect(
      lockfileTouchesOnlyWorkspaces(
        lock(base),
        lock({ ...base, "node_modules/valibot": { version: "1.6.0" } }),
      ),
    ).toBe(false);
    expect(
      lockfileTouchesOnlyWorkspaces(
        lock(base),
        lock({ ...base, "node_modules/zod": { version: "4.0.0" } }),
      ),
    ).toBe(false);
  });

  it("is false when the root's own dependencies change", () => {
    const root = { "": { workspaces: ["apps/*"], devDependencies: { nx: "24.1.0" } } };
    expect(lockfileTouchesOnlyWorkspaces(lock(base), lock({ ...base, ...root }))).toBe(false);
  });

  it("is false when either side has no lockfile", () => {
    expect(lockfileTouchesOnlyWorkspaces(undefined, lock(base))).toBe(false);
  });
});
