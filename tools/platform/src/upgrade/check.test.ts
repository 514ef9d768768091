import type { Tree } from "@nx/devkit";
import { createTreeWithEmptyWorkspace } from "@nx/devkit/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { checkTemplate } from "./check";
import { type AllowedLag, withinAllowedLag } from "./template-config";

describe("withinAllowedLag", () => {
  it.each([
    ["1.4.0", "1.4.2", "patch", true],
    ["1.3.9", "1.4.0", "patch", false],
    ["1.3.9", "1.4.0", "minor", true],
    ["0.9.0", "1.0.0", "minor", false],
    ["1.4.1", "1.4.2", "none", false],
    ["1.4.2", "1.4.2", "none", true],
  ] as const)("%s against %s with %s: %s", (version, current, lag, expected) => {
    expect(withinAllowedLag(version, current, lag as AllowedLag)).toBe(expected);
  });
});

describe("checkTemplate", () => {
  let tree: Tree;
  const service = (templateVersion: string, extra: Record<string, unknown> = {}) =>
    tree.write(
      "apps/orders/package.json",
      JSON.stringify({
        name: "@acme/orders",
        shipyard: { template: "service", templateVersion, answers: {}, ...extra },
      }),
    );
  const config = (version: string, allowedLag: AllowedLag) =>
    tree.write(
      "generators/service/template.json",
      JSON.stringify({ id: "service", version, upgradePolicy: { allowedLag } }),
    );

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write("CODEOWNERS", "/apps/orders/ @acme/payments\n");
  });

  it("passes a service on the current version", () => {
    config("1.2.0", "none");
    service("1.2.0");
    expect(checkTemplate(tree, "apps/orders", "acme")).toEqual({ problems: [], notes: [] });
  });

  it("passes a patch behind under the patch policy, with a note, and fails a minor behind", () => {
    config("1.2.3", "patch");
    service("1.2.0");
    const lagging = checkTemplate(tree, "apps/orders", "acme");
    expect(lagging.problems).toEqual([]);
    expect(lagging.notes.join()).toMatch(/within the allowed lag/);
    service("1.1.9");
    expect(checkTemplate(tree, "apps/orders", "acme").problems.join()).toMatch(
      /at template version 1\.1\.9; the current version is 1\.2\.3.*Run npx nx g @acme\/platform:upgrade --projects orders/,
    );
  });

  it("fails on conflict markers in the service or in CODEOWNERS, but not on a Markdown underline", () => {
    config("1.0.0", "patch");
    service("1.0.0");
    tree.write("apps/orders/docs/title.md", "Title\n=======\n");
    expect(checkTemplate(tree, "apps/orders", "acme").problems).toEqual([]);
    tree.write(
      "apps/orders/src/app.ts",
      "a\n<<<<<<< yours\nb\n=======\nc\n>>>>>>> template 1.1.0\n",
    );
    tree.write("CODEOWNERS", "<<<<<<< yours\nx\n=======\ny\n>>>>>>> template\n");
    const problems = checkTemplate(tree, "apps/orders", "acme").problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /apps\/orders\/src\/app\.ts still holds conflict markers \(lines 2, 4, 6\)/,
    );
    expect(problems[1]).toMatch(/^CODEOWNERS still holds/);
  });

  it("fails an unfinished upgrade, and a service without provenance", () => {
    config("1.1.0", "patch");
    service("1.0.0", { upgradingTo: "1.1.0" });
    expect(checkTemplate(tree, "apps/orders", "acme").problems.join()).toMatch(/not finished/);
    tree.write("apps/orders/package.json", JSON.stringify({ name: "@acme/orders" }));
    expect(checkTemplate(tree, "apps/orders", "acme").problems.join()).toMatch(
      /no "shipyard" record/,
    );
  });
});
