import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const script = join(__dirname, "sst-install.mjs");

/**
 * A stand-in for the sst CLI: records how it was called, then lays out what `sst install` leaves
 * behind (or fails, when FAKE_SST_FAIL is set).
 */
const fakeSst = `#!/usr/bin/env node
const fs = require("node:fs");
const path = require("node:path");
fs.appendFileSync(process.env.FAKE_SST_CALLS, JSON.stringify({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: {
    SST_SKIP_DEPENDENCY_CHECK: process.env.SST_SKIP_DEPENDENCY_CHECK,
    SST_TELEMETRY_DISABLED: process.env.SST_TELEMETRY_DISABLED,
    SST_BUN_PATH: process.env.SST_BUN_PATH,
    SST_NO_BUN: process.env.SST_NO_BUN,
  },
}) + "\\n");
const platform = path.join(process.cwd(), ".sst", "platform");
fs.mkdirSync(path.join(platform, "node_modules", "@pulumi", "pulumi"), { recursive: true });
fs.writeFileSync(path.join(platform, "version"), "4.17.1");
if (process.env.FAKE_SST_FAIL) process.exit(3);
fs.writeFileSync(path.join(platform, "config.d.ts"), "");
fs.writeFileSync(path.join(platform, "node_modules", "@pulumi", "pulumi", "package.json"), "{}");
fs.writeFileSync(path.join(process.cwd(), ".sst", "provider-lock.json"), "[]");
`;

describe("sst-install", () => {
  let root: string;
  let calls: string;
  let fake: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "sst-install-"));
    calls = join(root, "calls.jsonl");
    fake = join(root, "fake-sst.cjs");
    writeFileSync(fake, fakeSst);
    chmodSync(fake, 0o755);
    file("package.json", JSON.stringify({ workspaces: ["apps/*", "packages/*"] }));
    file("node_modules/sst/package.json", JSON.stringify({ version: "4.17.1", bin: "bin/sst" }));
    file("packages/infra/sst.config.ts", "");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function file(path: string, content = "") {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }

  function run(args: string[] = [], env: Record<string, string> = {}) {
    const result = spawnSync(process.execPath, [script, ...args], {
      cwd: join(root, "packages"),
      env: { ...process.env, SHIPYARD_SST_BIN: fake, FAKE_SST_CALLS: calls, ...env },
      encoding: "utf8",
    });
    return { status: result.status, output: result.stdout + result.stderr };
  }

  function sstCalls(): Array<{ argv: string[]; cwd: string; env: Record<string, string> }> {
    if (!existsSync(calls)) return [];
    return readFileSync(calls, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
  }

  it("runs `sst install` in the platform's home with the offline environment", () => {
    const { status, output } = run();
    expect(status).toBe(0);
    expect(output).toContain("✓ SST platform 4.17.1 installed");
    const [call] = sstCalls();
    expect(call?.argv).toEqual(["install", "--stage", "setup"]);
    expect(call?.cwd).toBe(join(root, "packages/infra"));
    expect(call?.env.SST_SKIP_DEPENDENCY_CHECK).toBe("1");
    expect(call?.env.SST_TELEMETRY_DISABLED).toBe("1");
    // No bun package in this workspace: SST must fall back to npm rather than download bun.
    expect(call?.env.SST_NO_BUN).toBe("1");
  });

  it("uses bun from the npm registry when the workspace has it", () => {
    file("node_modules/@oven/bun-linux-x64/package.json", "{}");
    file("node_modules/@oven/bun-linux-x64/bin/bun", "");
    run();
    const [call] = sstCalls();
    if (process.platform === "linux" && process.arch === "x64") {
      expect(call?.env.SST_BUN_PATH).toBe(join(root, "node_modules/@oven/bun-linux-x64/bin/bun"));
      expect(call?.env.SST_NO_BUN).toBeUndefined();
    } else {
      expect(call?.env.SST_NO_BUN).toBe("1");
    }
  });

  it("does nothing the second time, and reinstalls when the sst version changes", () => {
    expect(run().status).toBe(0);
    const again = run();
    expect(again.status).toBe(0);
    expect(again.output).toContain("already installed");
    expect(sstCalls()).toHaveLength(1);

    file("node_modules/sst/package.json", JSON.stringify({ version: "4.18.0", bin: "bin/sst" }));
    const upgraded = run();
    expect(upgraded.output).toContain("installed for sst 4.17.1, workspace has 4.18.0");
    expect(sstCalls()).toHaveLength(2);
  });

  it("reinstalls on --force", () => {
    run();
    expect(run(["--force"]).status).toBe(0);
    expect(sstCalls()).toHaveLength(2);
  });

  it("removes a failed install and says what to do", () => {
    const { status, output } = run([], { FAKE_SST_FAIL: "1" });
    expect(status).toBe(1);
    expect(output).toContain("sst install failed");
    expect(output).toContain("npm run setup");
    expect(existsSync(join(root, "packages/infra/.sst/platform"))).toBe(false);
  });

  it("links every service's .sst to the shared install, replacing a private copy", () => {
    file("apps/orders/sst.config.ts");
    file("apps/billing/sst.config.ts");
    file("apps/billing/.sst/platform/version", "4.17.1");
    file("apps/docs/README.md");
    expect(run().status).toBe(0);
    for (const service of ["orders", "billing"]) {
      const link = join(root, "apps", service, ".sst", "platform");
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readlinkSync(link)).toBe("../../../packages/infra/.sst/platform");
      expect(readFileSync(join(link, "version"), "utf8")).toBe("4.17.1");
      const lock = join(root, "apps", service, ".sst", "provider-lock.json");
      expect(readlinkSync(lock)).toBe("../../../packages/infra/.sst/provider-lock.json");
    }
    expect(existsSync(join(root, "apps/docs/.sst"))).toBe(false);
  });

  it("rejects unknown options with the usage", () => {
    const { status, output } = run(["--stage", "prod"]);
    expect(status).toBe(2);
    expect(output).toContain("Unknown option --stage prod");
    expect(output).toContain("Usage:");
    expect(sstCalls()).toHaveLength(0);
  });
});
