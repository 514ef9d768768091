import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/** `shipyard-sst` as the deploy/dev/remove targets run it: a process in a service folder. */
const bin = join(__dirname, "sst.mjs");

/** A stand-in for the sst CLI that records its arguments and environment. */
const fakeSst = `#!/usr/bin/env node
require("node:fs").writeFileSync(process.env.FAKE_SST_CALL, JSON.stringify({
  argv: process.argv.slice(2),
  telemetry: process.env.SST_TELEMETRY_DISABLED,
  skip: process.env.SST_SKIP_DEPENDENCY_CHECK ?? null,
}));
`;

describe("shipyard-sst", () => {
  let service: string;
  let call: string;
  let fake: string;

  beforeEach(() => {
    service = mkdtempSync(join(tmpdir(), "shipyard-sst-"));
    writeFileSync(join(service, "sst.config.ts"), "");
    call = join(service, "call.json");
    fake = join(service, "fake-sst.cjs");
    writeFileSync(fake, fakeSst);
    chmodSync(fake, 0o755);
  });
  afterEach(() => rmSync(service, { recursive: true, force: true }));

  const run = (...args: string[]) => {
    const { SST_TELEMETRY_DISABLED: _, SST_SKIP_DEPENDENCY_CHECK: __, ...env } = process.env;
    const result = spawnSync(process.execPath, [bin, ...args], {
      cwd: service,
      env: { ...env, SHIPYARD_SST_BIN: fake, FAKE_SST_CALL: call },
      encoding: "utf8",
    });
    return { status: result.status, output: result.stdout + result.stderr };
  };

  it("refuses a malformed stage before SST runs", () => {
    const { status, output } = run("deploy", "--stage", "Bad_Stage!");
    expect(status).toBe(2);
    expect(output).toContain('✕ Stage "Bad_Stage!" is not a valid SST stage');
    expect(existsSync(call)).toBe(false);
  });

  it("runs SST with the arguments as given, telemetry off", () => {
    expect(run("deploy", "--stage", "pr-42", "--verbose").status).toBe(0);
    expect(JSON.parse(readFileSync(call, "utf8"))).toEqual({
      argv: ["deploy", "--stage", "pr-42", "--verbose"],
      telemetry: "1",
      skip: null,
    });
  });

  it("refuses to run outside a service folder", () => {
    rmSync(join(service, "sst.config.ts"));
    const { status, output } = run("deploy", "--stage", "pr-42");
    expect(status).toBe(2);
    expect(output).toContain("No sst.config.ts in");
    expect(existsSync(call)).toBe(false);
  });
});
