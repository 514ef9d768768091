import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const script = join(__dirname, "sst-install.mjs");

/**
 * A stand-in for the sst CLI: records how it was called, then lays out what `sst install` leaves
 * behind in its working folder (or fails as SST does offline, when FAKE_SST_FAIL is set).
 * FAKE_SST_DELAY_MS holds the install half-written for that long, as a slow install would.
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
const delay = Number(process.env.FAKE_SST_DELAY_MS ?? 0);
if (delay) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, delay);
if (process.env.FAKE_SST_FAIL) {
  console.error('time=x level=ERROR msg="exited with error" err="provider aws not found"');
  console.error("✕  Unexpected error occurred. Please run with --print-logs or check .sst/log/sst.log if available.");
  process.exit(1);
}
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

  const environment = (env: Record<string, string>) => ({
    ...process.env,
    SHIPYARD_SST_BIN: fake,
    FAKE_SST_CALLS: calls,
    ...env,
  });

  function run(args: string[] = [], env: Record<string, string> = {}) {
    const result = spawnSync(process.execPath, [script, ...args], {
      cwd: join(root, "packages"),
      env: environment(env),
      encoding: "utf8",
    });
    return { status: result.status, output: result.stdout + result.stderr };
  }

  /** The same, without waiting: for installs that run at the same time. */
  function start(env: Record<string, string> = {}) {
    const child = spawn(process.execPath, [script], {
      cwd: join(root, "packages"),
      env: environment(env),
    });
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    return new Promise<{ status: number | null; output: string }>((resolve) =>
      child.on("close", (status) => resolve({ status, output })),
    );
  }

  /**
   * What a reader of the shared platform finds now: nothing, a complete install, or a half-written
   * one (a version file without the rest), by the same test sst-install itself uses.
   */
  function platformAsSeen(): "none" | "complete" | string {
    const platform = join(root, "packages/infra/.sst/platform");
    if (!existsSync(join(platform, "version"))) return "none";
    const missing = [
      "config.d.ts",
      "node_modules/@pulumi/pulumi/package.json",
      "../provider-lock.json",
    ].filter((part) => !existsSync(join(platform, part)));
    return missing.length === 0 ? "complete" : `half-written (no ${missing.join(", ")})`;
  }

  function sstCalls(): Array<{ argv: string[]; cwd: string; env: Record<string, string> }> {
    if (!existsSync(calls)) return [];
    return readFileSync(calls, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
  }

  it("runs `sst install` for the platform's config, in a folder of its own, offline", () => {
    const { status, output } = run();
    expect(status).toBe(0);
    expect(output).toContain("✓ SST platform 4.17.1 installed");
    const [call] = sstCalls();
    expect(call?.argv).toEqual(["install", "--stage", "setup", "--print-logs"]);
    expect(dirname(call?.cwd ?? "")).toBe(join(root, "packages/infra/.sst/installs"));
    // Published by one link, through which the platform and the provider lock are read.
    const sstDir = join(root, "packages/infra/.sst");
    expect(readlinkSync(join(sstDir, "current"))).toBe(
      join("installs", relative(join(sstDir, "installs"), call?.cwd ?? ""), ".sst"),
    );
    expect(readlinkSync(join(sstDir, "platform"))).toBe("current/platform");
    expect(platformAsSeen()).toBe("complete");
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

  it("removes a failed install, says why, and points at a log that exists", () => {
    const { status, output } = run([], { FAKE_SST_FAIL: "1" });
    expect(status).toBe(1);
    expect(output).toContain(
      "✕ sst install failed: provider aws not found. Nothing was installed.",
    );
    expect(output).toContain("npm run setup");
    // SST's own pointer (.sst/log/sst.log) names a file that does not exist: not shown.
    expect(output).not.toContain("sst.log");
    const log = /SST's output is in (\S+)\./.exec(output)?.[1] ?? "";
    expect(log).toBe("packages/infra/.sst/setup.log");
    expect(readFileSync(join(root, log), "utf8")).toContain("provider aws not found");
    expect(platformAsSeen()).toBe("none");
    expect(readdirSync(join(root, "packages/infra/.sst/installs"))).toEqual([]);
  });

  it("installs once when two installs start at the same time; no reader sees half an install", async () => {
    const seen = new Set<string>();
    let running = true;
    const watching = (async () => {
      while (running) {
        seen.add(platformAsSeen());
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const results = await Promise.all([
      start({ FAKE_SST_DELAY_MS: "500" }),
      start({ FAKE_SST_DELAY_MS: "500" }),
    ]);
    running = false;
    await watching;

    for (const result of results) expect(result.status, result.output).toBe(0);
    expect(sstCalls()).toHaveLength(1);
    const outputs = results.map((result) => result.output).join("\n");
    expect(outputs).toContain("Another sst-install is running: waiting for it to finish");
    expect(outputs).toContain("already installed");
    expect([...seen].sort()).toEqual(["complete", "none"]);
  });

  it("replaces an install atomically on --force, keeping the one it replaced for its readers", async () => {
    expect(run().status).toBe(0);
    const sstDir = join(root, "packages/infra/.sst");
    const first = readlinkSync(join(sstDir, "current"));
    const seen = new Set<string>();
    const forced = spawn(process.execPath, [script, "--force"], {
      cwd: root,
      env: environment({ FAKE_SST_DELAY_MS: "500" }),
    });
    const done = new Promise((resolve) => forced.on("close", resolve));
    let finished = false;
    done.then(() => {
      finished = true;
    });
    while (!finished) {
      seen.add(platformAsSeen());
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(await done).toBe(0);
    expect([...seen]).toEqual(["complete"]);
    const second = readlinkSync(join(sstDir, "current"));
    expect(second).not.toBe(first);
    expect(readdirSync(join(sstDir, "installs")).sort()).toEqual(
      [first, second].map((link) => link.split("/")[1]).sort(),
    );
  });

  it("takes over the lock of an install that died, and removes what it left", () => {
    const sstDir = join(root, "packages/infra/.sst");
    file("packages/infra/.sst/installs/4.17.1-dead/.sst/platform/version", "4.17.1");
    mkdirSync(join(sstDir, "install.lock"));
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(join(sstDir, "install.lock"), longAgo, longAgo);
    const { status, output } = run();
    expect(status, output).toBe(0);
    expect(platformAsSeen()).toBe("complete");
    expect(readdirSync(join(sstDir, "installs"))).not.toContain("4.17.1-dead");
    expect(existsSync(join(sstDir, "install.lock"))).toBe(false);
  });

  it("replaces an install made in place by an earlier version of setup", () => {
    file("packages/infra/.sst/platform/version", "4.16.0");
    file("packages/infra/.sst/provider-lock.json", "[]");
    expect(run().status).toBe(0);
    expect(readlinkSync(join(root, "packages/infra/.sst/platform"))).toBe("current/platform");
    expect(platformAsSeen()).toBe("complete");
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
