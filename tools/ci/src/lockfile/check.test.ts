import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sourceWorkspace } from "../testing/workspace-copy.ts";
import { checkLockfile } from "./check.ts";

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A workspace on disk with these files (JSON), for the check to read. */
function workspace(files: Record<string, unknown>): string {
  root = mkdtempSync(join(tmpdir(), "shipyard-ci-lockfile-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(content));
  }
  return root;
}

const rootManifest = {
  name: "@acme/source",
  workspaces: ["tools/*"],
  devDependencies: { nx: "1.0.0" },
};
const e2e = { name: "@acme/e2e", devDependencies: { "@acme/contract": "*", pg: "8.0.0" } };

describe("checkLockfile", () => {
  it("passes this repository's lockfile", () => {
    expect(checkLockfile(sourceWorkspace)).toEqual([]);
  });

  it("passes a lockfile that records every workspace package's dependencies", () => {
    const dir = workspace({
      "package.json": rootManifest,
      "tools/e2e/package.json": e2e,
      "package-lock.json": { packages: { "": rootManifest, "tools/e2e": e2e } },
    });
    expect(checkLockfile(dir)).toEqual([]);
  });

  it("names the package.json, the dependency and the fix when the lockfile lags", () => {
    const dir = workspace({
      "package.json": rootManifest,
      "tools/e2e/package.json": { ...e2e, devDependencies: { ...e2e.devDependencies, x: "*" } },
      "tools/ci/package.json": { name: "@acme/ci" },
      "package-lock.json": {
        packages: {
          "": { devDependencies: { nx: "0.9.0", old: "1.0.0" } },
          "tools/e2e": e2e,
        },
      },
    });
    expect(checkLockfile(dir)).toEqual([
      "package-lock.json does not record package.json's devDependencies (nx: declared 1.0.0, recorded 0.9.0, old is recorded but not declared). Run npm install at the workspace root and commit package-lock.json.",
      "package-lock.json has no entry for tools/ci/package.json. Run npm install at the workspace root and commit package-lock.json.",
      "package-lock.json does not record tools/e2e/package.json's devDependencies (x is not recorded). Run npm install at the workspace root and commit package-lock.json.",
    ]);
  });
});
