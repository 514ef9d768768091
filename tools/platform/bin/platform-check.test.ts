import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { linkTypesProblem, main, metadataProblems } from "./platform-check.mts";

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

  it("names a missing tag and CODEOWNERS line, each with its fix", () => {
    edit(join(service, "package.json"), (text) => text.replace('"owner:payments",', ""));
    edit(join(root, "CODEOWNERS"), (text) => text.replace("/apps/orders/ @acme/payments\n", ""));
    const problems = metadataProblems(service, root);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('lacks "owner:payments"');
    expect(problems[1]).toContain('CODEOWNERS has no line "/apps/orders/ @acme/payments"');
  });

  it("does not judge the infra from the config's text (the policy target evaluates it)", () => {
    edit(join(service, "sst.config.ts"), (text) =>
      text.replace(/applyConventions\(\{[^}]*\}\);/, "// applyConventions({});"),
    );
    expect(metadataProblems(service, root)).toEqual([]);
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

  it("refuses an option it does not take instead of ignoring it", async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line) => errors.push(String(line)));
    try {
      expect(await main(["--stage", "a;b"], service)).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors).toEqual([
      "✕ shipyard-check: Unknown option '--stage'. It takes only --no-infra (skip the link-types check).",
    ]);
  });

  it("names the real project in the link-types fix", async () => {
    const scratch = mkdtempSync(join(__dirname, "..", ".scratch-"));
    try {
      const copy = join(scratch, "orders");
      cpSync(service, copy, { recursive: true });
      rmSync(join(copy, "sst-env.d.ts"));
      expect(await linkTypesProblem(copy)).toBe(
        "sst-env.d.ts is missing. Run: npx nx link-types @acme/orders (or npx sst-offline types in apps/orders).",
      );
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);
});

describe("the platform's bins", () => {
  it("run compiled copies of their modules (@acme/compiled), with their exit codes", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "platform-bins-compiled-"));
    const env = { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir };
    try {
      const check = spawnSync(process.execPath, [join(__dirname, "platform-check.mjs")], {
        cwd: dataDir,
        encoding: "utf8",
        env,
      });
      expect(check.stderr).toMatch(/is not a service folder/);
      expect(check.status).toBe(2);
      const install = spawnSync(process.execPath, [join(__dirname, "sst-install.mjs"), "--help"], {
        encoding: "utf8",
        env,
      });
      expect(install.status, install.stderr).toBe(0);
      const built = (name: string) =>
        JSON.parse(readFileSync(join(dataDir, `acme-platform-${name}.json`), "utf8")).inputs;
      expect(built("platform-check")).toContain("tools/platform/bin/platform-check.mts");
      expect(built("sst-install")).toContain("tools/platform/src/setup/cli.mts");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
