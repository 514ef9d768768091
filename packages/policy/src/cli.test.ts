import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, workspaceRoot } from "./test-support";

const bin = (name: string) => join(workspaceRoot, "packages", "policy", "bin", `${name}.mjs`);
const run = (name: string, cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [bin(name), ...args], { cwd, encoding: "utf8" });

/**
 * The commands as a team and the platform team use them, on a service copied inside the
 * workspace (the evaluator finds the SST platform and @acme/infra from there).
 */
describe("shipyard-policy and shipyard-waivers", () => {
  let scratch: string;
  let service: string;
  beforeAll(() => {
    mkdirSync(join(workspaceRoot, "packages", "policy", ".scratch"), { recursive: true });
    scratch = mkdtempSync(join(workspaceRoot, "packages", "policy", ".scratch", "cli-"));
    service = join(scratch, "intel");
    cpSync(fixture("careful"), service, { recursive: true });
    writeFileSync(
      join(service, "sst.config.ts"),
      `export default $config({
  app: () => ({ name: "intel", home: "aws" }),
  async run() {
    const { applyConventions } = await import("@acme/infra");
    applyConventions({ service: "intel", owner: "payments" });
    new sst.aws.Function("Native", { handler: "src/handler.handler", architecture: "x86_64" });
  },
});
`,
    );
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  const waive = (
    expires: string,
    reason = "sharp ships x86_64 binaries only for our pinned version",
  ) =>
    writeFileSync(
      join(service, "policy-waivers.json"),
      JSON.stringify({
        waivers: [
          { rule: "lambda-arm64", resource: "NativeFunction", reason, owner: "payments", expires },
        ],
      }),
    );

  it("fails a violation with its rule, stage, resource and fix", () => {
    rmSync(join(service, "policy-waivers.json"), { force: true });
    const result = run("shipyard-policy", service, "--stage", "production");
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toContain(
      "[lambda-arm64] production: Function NativeFunction runs on x86_64, not arm64.",
    );
    expect(result.stdout).toContain("Fix: Remove `architecture` from the function");
  });

  it("passes it with a valid waiver, listing the waiver, and fails again once it expires", () => {
    waive("2099-01-01");
    let result = run("shipyard-policy", service, "--stage", "production");
    expect(result.stdout).toContain("more than 366 days");
    const inAMonth = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    waive(inAMonth);
    result = run("shipyard-policy", service);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain(
      `~ [lambda-arm64] production: NativeFunction, waived for payments until ${inAMonth}`,
    );
    waive("2020-01-01");
    result = run("shipyard-policy", service, "--stage", "dev");
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("it expired on 2020-01-01");
  });

  it("lists every waiver of a workspace, failing on an invalid one", () => {
    const workspace = join(scratch, "workspace");
    const addService = (name: string, waivers: unknown) => {
      mkdirSync(join(workspace, "apps", name), { recursive: true });
      writeFileSync(join(workspace, "apps", name, "sst.config.ts"), "");
      if (waivers)
        writeFileSync(
          join(workspace, "apps", name, "policy-waivers.json"),
          JSON.stringify({ waivers }),
        );
    };
    mkdirSync(workspace);
    writeFileSync(join(workspace, "package.json"), JSON.stringify({ workspaces: ["apps/*"] }));
    const waiver = {
      rule: "s3-no-public-access",
      resource: "SiteBucket",
      reason: "Public website assets, reviewed by security (SEC-7).",
      owner: "web",
      expires: "2099-01-01",
    };
    addService("site", [
      { ...waiver, expires: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) },
    ]);
    addService("plain", undefined);
    let result = run("shipyard-waivers", workspace);
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^site #1 \[s3-no-public-access\] SiteBucket owner web, expires \d{4}-\d{2}-\d{2}: valid$/m,
    );
    expect(result.stdout).not.toContain("plain");
    addService("legacy", [{ ...waiver, reason: "" }]);
    result = run("shipyard-waivers", workspace);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/legacy #1 .*: INVALID\n.*\n {4}problem: it is unexplained/);
  });
});

describe("the bins", () => {
  it("run compiled copies of the CLIs (@acme/compiled), built from the sources they record", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "policy-compiled-"));
    const start = (name: string, arg: string) =>
      spawnSync(process.execPath, [bin(name), arg], {
        encoding: "utf8",
        env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir },
      });
    const builtFrom = (entry: string) =>
      JSON.parse(readFileSync(join(dataDir, `acme-policy-${entry}.json`), "utf8")).inputs;
    try {
      const policy = start("shipyard-policy", "--help");
      expect(policy.status, policy.stderr).toBe(0);
      expect(builtFrom("cli")).toContain("packages/policy/src/cli.ts");
      // Its errors and exit code, as the TypeScript CLI gives them.
      const waivers = start("shipyard-waivers", "--nope");
      expect(waivers.stderr).toBe("shipyard-waivers: Unknown option '--nope'\n");
      expect(waivers.status).toBe(1);
      expect(builtFrom("waivers-cli")).toContain("packages/policy/src/waivers-cli.ts");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
