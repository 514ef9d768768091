import { readFileSync } from "node:fs";
import { join } from "node:path";
import { requireWorkspaceRoot } from "@acme/contract";
import { describe, expect, it } from "vitest";
import { CHECK_TARGETS } from "./plan.ts";

/** The targets of the workspace's `npm test` (`nx run-many -t <targets...>` in package.json). */
function npmTestTargets(): string[] {
  const root = requireWorkspaceRoot(import.meta.dirname);
  const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    scripts: { test: string };
  };
  const words = scripts.test.split(/\s+/);
  const start = words.indexOf("-t") + 1;
  const end = words.findIndex((word, index) => index >= start && word.startsWith("-"));
  return words.slice(start, end === -1 ? undefined : end).flatMap((word) => word.split(","));
}

describe("the checks a pull request runs", () => {
  it("include every target of the README's npm test, so CI checks what a developer checks", () => {
    const targets = npmTestTargets();
    expect(targets.length).toBeGreaterThan(3);
    expect(
      targets.filter((target) => !(CHECK_TARGETS as readonly string[]).includes(target)),
    ).toEqual([]);
  });
});
