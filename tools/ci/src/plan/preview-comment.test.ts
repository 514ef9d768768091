import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { previewComment, previewServices } from "./preview-comment.ts";

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function records(entries: Record<string, unknown>[]): string {
  const dir = mkdtempSync(join(tmpdir(), "shipyard-ci-records-"));
  scratch.push(dir);
  for (const entry of entries)
    writeFileSync(join(dir, `${String(entry.root).split("/").pop()}.json`), JSON.stringify(entry));
  return dir;
}

describe("previewComment", () => {
  it("lists each deployed service's URLs and remembers every service for removal", () => {
    const dir = records([
      {
        project: "@acme/orders",
        root: "apps/orders",
        outputs: { url: "https://abc.execute-api.aws/", table: "x" },
      },
      { project: "@acme/notifications", root: "apps/notifications", outputs: {} },
    ]);
    const first = previewComment("pr-42", dir, "");
    expect(first).toContain("### Preview stage `pr-42`");
    expect(first).toContain("| @acme/orders | url | https://abc.execute-api.aws/ |");
    expect(first).not.toContain("table");
    expect(first).toContain("| @acme/notifications | | (no URL outputs) |");

    // A later push deploys only orders; notifications must still be removed at close.
    const second = previewComment(
      "pr-42",
      records([{ project: "@acme/orders", root: "apps/orders", outputs: {} }]),
      first,
    );
    expect(previewServices(second)).toEqual([
      { project: "@acme/notifications", root: "apps/notifications" },
      { project: "@acme/orders", root: "apps/orders" },
    ]);
  });

  it("reads no services from a comment that is not a preview comment", () => {
    expect(previewServices("LGTM")).toEqual([]);
  });
});
