import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { metadataProblems } from "./platform-check.mjs";

const workspace = join(__dirname, "..", "..", "..");

describe("platform-check", () => {
  let root: string;
  let service: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "platform-check-"));
    service = join(root, "apps", "orders");
    cpSync(join(workspace, "apps", "orders"), service, {
      recursive: true,
      filter: (path) => !/\/(\.sst|\.local|node_modules)(\/|$)/.test(path),
    });
    cpSync(join(workspace, "CODEOWNERS"), join(root, "CODEOWNERS"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const edit = (file: string, change: (text: string) => string) =>
    writeFileSync(file, change(readFileSync(file, "utf8")));

  it("finds nothing wrong with a generated service", () => {
    expect(metadataProblems(service, root)).toEqual([]);
  });

  it("names a missing tag, CODEOWNERS line and conventions call, each with its fix", () => {
    edit(join(service, "package.json"), (text) => text.replace('"owner:payments",', ""));
    edit(join(root, "CODEOWNERS"), (text) => text.replace("/apps/orders/ @acme/payments\n", ""));
    edit(join(service, "sst.config.ts"), (text) =>
      text.replace(/applyConventions\(\{[^}]*\}\);/, ""),
    );
    const problems = metadataProblems(service, root);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('lacks "owner:payments"');
    expect(problems[1]).toContain('CODEOWNERS has no line "/apps/orders/ @acme/payments"');
    expect(problems[2]).toContain("does not call applyConventions");
  });

  it("requires the provenance record that upgrades rely on", () => {
    edit(join(service, "package.json"), (text) => {
      const manifest = JSON.parse(text);
      delete manifest.shipyard;
      return JSON.stringify(manifest);
    });
    expect(metadataProblems(service, root)).toEqual([
      expect.stringContaining('package.json has no "shipyard" record'),
    ]);
  });
});
