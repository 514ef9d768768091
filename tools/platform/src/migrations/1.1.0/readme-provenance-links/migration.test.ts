import type { Tree } from "@nx/devkit";
import { createTreeWithEmptyWorkspace } from "@nx/devkit/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { readmeProvenanceLinks } from "./migration";

const service = { root: "apps/orders", name: "orders", org: "acme", answers: {} };
const README_1_1 = "# orders\n\n## Keeping up with the template\n\nSee [links](#provenance).\n";

describe("1.1.0/readme-provenance-links", () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write("apps/orders/README.md", README_1_1);
    tree.write(
      "apps/orders/docs/runbook.md",
      "Read [the template notes](../README.md#provenance).\n",
    );
    tree.write("apps/orders/NOTES.md", "[x](README.md#provenance) and [y](other.md#provenance)\n");
    tree.write(
      "apps/orders/src/app.ts",
      "// README.md#provenance in code is not a Markdown link\n",
    );
  });

  it("points links to the README's old anchor at the new one, and nothing else", () => {
    const result = readmeProvenanceLinks.migrate(tree, service);
    expect(result.changed.sort()).toEqual([
      "apps/orders/NOTES.md",
      "apps/orders/README.md",
      "apps/orders/docs/runbook.md",
    ]);
    expect(tree.read("apps/orders/docs/runbook.md", "utf-8")).toBe(
      "Read [the template notes](../README.md#keeping-up-with-the-template).\n",
    );
    expect(tree.read("apps/orders/NOTES.md", "utf-8")).toBe(
      "[x](README.md#keeping-up-with-the-template) and [y](other.md#provenance)\n",
    );
    expect(tree.read("apps/orders/README.md", "utf-8")).toContain(
      "[links](#keeping-up-with-the-template)",
    );
    expect(tree.read("apps/orders/src/app.ts", "utf-8")).toContain("README.md#provenance");
  });

  it("is idempotent", () => {
    readmeProvenanceLinks.migrate(tree, service);
    const after = tree.listChanges().map((change) => [change.path, change.content?.toString()]);
    expect(readmeProvenanceLinks.migrate(tree, service)).toEqual({ changed: [], skipped: [] });
    expect(tree.listChanges().map((change) => [change.path, change.content?.toString()])).toEqual(
      after,
    );
  });

  it("skips and reports every file when the team rewrote the README without the new section", () => {
    tree.write("apps/orders/README.md", "# Our own README\n\n## Provenance\n");
    const result = readmeProvenanceLinks.migrate(tree, service);
    expect(result.changed).toEqual([]);
    expect(result.skipped.map((skip) => skip.path).sort()).toEqual([
      "apps/orders/NOTES.md",
      "apps/orders/docs/runbook.md",
    ]);
    expect(result.skipped[0]?.reason).toMatch(/no "## Keeping up with the template" section/);
    expect(tree.read("apps/orders/docs/runbook.md", "utf-8")).toContain("../README.md#provenance");
  });
});
