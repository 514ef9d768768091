import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { output, WorkspaceCopy } from "./workspace";

/**
 * `nx dev|deploy|remove <service>` run the SST CLI, which needs AWS. Here a stand-in `sst`
 * (SHIPYARD_SST_BIN) records how it was called: command line, working directory, environment.
 */
const standIn = `#!/usr/bin/env node
require("node:fs").appendFileSync(process.env.SST_CALLS, JSON.stringify({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  awsProfile: process.env.AWS_PROFILE,
  hasConfig: require("node:fs").existsSync("sst.config.ts"),
}) + "\\n");
`;

interface Call {
  argv: string[];
  cwd: string;
  awsProfile?: string;
  hasConfig: boolean;
}

describe("SST targets of a service", () => {
  let workspace: WorkspaceCopy;
  let calls: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    workspace = new WorkspaceCopy();
    calls = join(workspace.root, "..", `${workspace.root.split("/").pop()}-sst-calls.jsonl`);
    const fake = join(workspace.root, "..", `${workspace.root.split("/").pop()}-sst.cjs`);
    writeFileSync(fake, standIn);
    chmodSync(fake, 0o755);
    env = { SHIPYARD_SST_BIN: fake, SST_CALLS: calls, AWS_PROFILE: "shipyard-test" };
  });
  afterAll(() => workspace?.remove());

  function nx(...args: string[]) {
    writeFileSync(calls, "");
    return workspace.run(join(workspace.root, "node_modules", ".bin", "nx"), args, env);
  }
  const recorded = (): Call[] =>
    existsSync(calls)
      ? readFileSync(calls, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line))
      : [];

  it("runs `sst dev` in mono mode in the service's folder, on the stage asked for", () => {
    const result = nx("dev", "@acme/notifications", "--stage", "alice");
    expect(result.status, output(result)).toBe(0);
    expect(recorded()).toEqual([
      {
        argv: ["dev", "--mode", "mono", "--stage", "alice"],
        cwd: join(workspace.root, "apps", "notifications"),
        awsProfile: "shipyard-test",
        hasConfig: true,
      },
    ]);
  });

  it("leaves the stage to SST (the personal stage) when none is given", () => {
    const result = nx("dev", "@acme/orders");
    expect(result.status, output(result)).toBe(0);
    expect(recorded().map((call) => call.argv)).toEqual([["dev", "--mode", "mono"]]);
  });

  it("runs dev for several services at once, each in its own folder", () => {
    const result = nx("run-many", "-t", "dev", "-p", "@acme/orders,@acme/notifications");
    expect(result.status, output(result)).toBe(0);
    expect(
      recorded()
        .map((call) => call.cwd.split("/").pop())
        .sort(),
    ).toEqual(["notifications", "orders"]);
  });

  it("deploys and removes one service on a stage", () => {
    const deploy = nx("deploy", "@acme/billing-report", "--stage", "production");
    expect(deploy.status, output(deploy)).toBe(0);
    expect(recorded()).toEqual([
      expect.objectContaining({
        argv: ["deploy", "--stage", "production"],
        cwd: join(workspace.root, "apps", "billing-report"),
      }),
    ]);
    const remove = nx("remove", "@acme/billing-report", "--stage", "pr-42");
    expect(remove.status, output(remove)).toBe(0);
    expect(recorded().map((call) => call.argv)).toEqual([["remove", "--stage", "pr-42"]]);
  });

  it("refuses a stage too long for AWS names before SST runs", () => {
    const result = nx("deploy", "@acme/orders", "--stage", "feature-login-page");
    expect(result.status).not.toBe(0);
    expect(output(result)).toContain('Stage "feature-login-page" is 18 characters');
    expect(recorded()).toEqual([]);
  });
});
