import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkspaceCopy } from "../testing/workspace-copy.ts";
import type { Plan } from "./plan.ts";
import { runPlan } from "./run-plan.ts";

/**
 * The plan for changes of each kind, computed by the real `nx affected` in a copy of this
 * workspace. The copy's base commit adds a service made by the real generator (`ledger`, not one
 * of the template's examples), with the lockfile npm writes for it; each case branches from there.
 */
let workspace: WorkspaceCopy;
let base: string;

function lockfileUpdate(root: string): void {
  execFileSync(
    "npm",
    ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund", "--offline"],
    { cwd: root, stdio: "ignore" },
  );
}

function generate(name: string): void {
  workspace.nx(
    "g",
    "@acme/platform:service",
    name,
    "--kind",
    "http",
    "--owner",
    "payments",
    "--no-interactive",
    "--skipInstall",
  );
  lockfileUpdate(workspace.root);
}

/** Applies a change on a branch from the base commit, commits it and plans it as pull request 42. */
function planFor(branch: string, change: () => void, options = {}): Plan {
  workspace.git("checkout", "-q", "-B", branch, base);
  change();
  const head = workspace.commitAll(branch);
  return runPlan(workspace.root, "main", head, { pullRequest: 42, ...options });
}

function edit(path: string, append: string): void {
  const file = join(workspace.root, path);
  writeFileSync(file, readFileSync(file, "utf8") + append);
}

const tasksOf = (plan: Plan) =>
  plan.shards
    .flatMap((s) =>
      s.runs.flatMap((r) => r.projects.flatMap((p) => r.targets.map((t) => `${p}:${t}`))),
    )
    .sort();

beforeAll(() => {
  workspace = new WorkspaceCopy();
  generate("ledger");
  base = workspace.commitAll("add the ledger service");
});

afterAll(() => workspace?.remove());

describe("shipyard-ci plan on a real workspace", () => {
  it("one-service change: checks and deploys that service alone, on one job", () => {
    const plan = planFor("one-service", () =>
      edit("apps/ledger/src/app.ts", "\nexport const version = 2;\n"),
    );
    expect(plan.affectedProjects).toEqual(["@acme/ledger"]);
    expect(plan.shards).toHaveLength(1);
    expect(tasksOf(plan)).toEqual(
      [
        "build",
        "format-check",
        "infra",
        "lint",
        "platform-check",
        "policy",
        "template-check",
        "test",
        "typecheck",
      ].map((t) => `@acme/ledger:${t}`),
    );
    expect(plan.deploy).toEqual({
      services: ["@acme/ledger"],
      waves: [[{ project: "@acme/ledger", root: "apps/ledger" }]],
    });
    expect(plan.previewStage).toBe("pr-42");
    expect(plan.removedServices).toEqual([]);
  });

  it("shared-package change: every service is checked and deployed, spread over jobs", () => {
    const plan = planFor(
      "shared-package",
      () => edit("packages/runtime/src/index.ts", "\nexport const runtimeRevision = 2;\n"),
      { secondsPerShard: 30, maxShards: 4 },
    );
    const services = [
      "@acme/billing-report",
      "@acme/ledger",
      "@acme/notifications",
      "@acme/orders",
    ];
    expect(plan.deploy.services).toEqual(services);
    for (const service of services) expect(plan.affectedProjects).toContain(service);
    expect(plan.affectedProjects).toContain("@acme/runtime");
    expect(plan.shards.length).toBeGreaterThan(1);
    expect(plan.shards.length).toBeLessThanOrEqual(4);
    // Each project is checked on exactly one job.
    const placed = plan.shards.flatMap((shard) => shard.projects);
    expect(new Set(placed).size).toBe(placed.length);
    expect(placed.sort()).toEqual(plan.affectedProjects);
  });

  it("template change: the platform's, the pipeline's and the end-to-end tests, no service", () => {
    const template = "generators/service/new/README.md.ejs.t";
    const plan = planFor("template", () => edit(template, "\n<!-- reviewed -->\n"));
    // The tests that generate services from the templates: tools/platform, tools/ci (this suite), tools/e2e.
    expect(tasksOf(plan)).toEqual(["@acme/ci:test", "@acme/e2e:test", "@acme/platform:test"]);
    expect(plan.deploy.services).toEqual([]);
  });

  it("deleted service: its stages are removed, nothing of it is checked, the others are not rebuilt", () => {
    const plan = planFor("delete-service", () => {
      rmSync(join(workspace.root, "apps", "ledger"), { recursive: true });
      const owners = join(workspace.root, "CODEOWNERS");
      writeFileSync(owners, readFileSync(owners, "utf8").replace(/^\/apps\/ledger\/.*\n/m, ""));
      lockfileUpdate(workspace.root);
    });
    expect(plan.removedServices).toEqual([{ project: "@acme/ledger", root: "apps/ledger" }]);
    expect(plan.deploy.services).toEqual([]);
    expect(plan.affectedProjects).not.toContain("@acme/ledger");
    // CODEOWNERS is an input of every service's platform check and template check (conflict
    // markers in it fail the latter), and of the tests that generate services; nothing else moved.
    const targets = new Set(tasksOf(plan).map((task) => task.split(":")[1]));
    expect([...targets].sort()).toEqual(["platform-check", "template-check", "test"]);
    // The platform test checks the examples' CODEOWNERS entries; e2e and this suite generate services.
    expect(tasksOf(plan).filter((task) => task.endsWith(":test"))).toEqual([
      "@acme/ci:test",
      "@acme/e2e:test",
      "@acme/platform:test",
    ]);
  });

  it("docs-only change: the docs' format check, on one job, and no deploy", () => {
    const plan = planFor("docs", () => edit("docs/services.md", "\nOne more line.\n"));
    expect(tasksOf(plan)).toEqual(["workspace:format-check"]);
    expect(plan.deploy.services).toEqual([]);
  });

  it("a newly generated service: its lockfile change does not make every project affected", () => {
    const plan = planFor("new-service", () => generate("inbox"));
    expect(plan.deploy.services).toEqual(["@acme/inbox"]);
    expect(plan.affectedProjects).not.toContain("@acme/runtime");
    expect(plan.affectedProjects).not.toContain("@acme/contract");
    const others = tasksOf(plan).filter((task) => !task.startsWith("@acme/inbox:"));
    // The new CODEOWNERS line reaches the other services' platform and template checks and the
    // tests that generate services; Nx counts package-lock.json as the root project's
    // configuration, so the root project's own (sub-second) checks run too. No package, and no
    // other service's build.
    for (const task of others) {
      expect(task).toMatch(
        /:(platform|template)-check$|^@acme\/(e2e|platform|ci):test$|^workspace:/,
      );
    }
  });

  it("no change: an empty plan", () => {
    const plan = planFor("nothing", () => {});
    expect(plan).toMatchObject({
      tasks: 0,
      shards: [],
      shardIndexes: [],
      deploy: { services: [], waves: [] },
    });
  });
});
