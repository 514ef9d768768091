import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateTasks, runnerProcesses } from "./evaluations";

const WORKSPACE = resolve(__dirname, "..", "..", "..", "..", "..");
const FIXTURES = join(WORKSPACE, "packages", "sst-offline", "src", "__fixtures__");

describe("evaluateTasks (the evaluate executor, one task or a batch)", () => {
  // Inside the workspace (git-ignored), where the evaluator finds the shared SST platform.
  const temp = join(WORKSPACE, "tools", "platform", `.scratch-evaluate-${process.pid}`);
  mkdirSync(temp, { recursive: true });
  afterAll(() => rmSync(temp, { recursive: true, force: true }));
  const copy = (fixture: string, name: string) => {
    const dir = join(temp, name);
    cpSync(join(FIXTURES, fixture), dir, { recursive: true });
    return dir;
  };

  it("runs one runner process per core unless a task sets `processes`", () => {
    expect(runnerProcesses([{ stages: ["dev"] }, { stages: ["dev"] }])).toBe(
      availableParallelism(),
    );
    expect(runnerProcesses([{ stages: ["dev"], processes: 3 }, { stages: ["dev"] }])).toBe(3);
    expect(runnerProcesses([{ stages: ["dev"], processes: 1 }])).toBe(1);
  });

  it("gives each task its own result: kept stages, a skipped unset secret, its own failure", async () => {
    const skipping = copy("unset-secret", "skipping");
    const strict = copy("unset-secret", "strict");
    const failing = copy("visible-error", "failing");
    const results = await evaluateTasks(
      WORKSPACE,
      [
        {
          id: "skipping:evaluate",
          projectDir: skipping,
          options: { stages: ["dev", "production"], skipUnsetSecrets: true },
        },
        {
          id: "strict:evaluate",
          projectDir: strict,
          options: { stages: ["production"], skipUnsetSecrets: false },
        },
        { id: "failing:evaluate", projectDir: failing, options: { stages: ["dev"] } },
      ],
      1,
    );

    expect(results["skipping:evaluate"]?.success).toBe(true);
    expect(results["skipping:evaluate"]?.terminalOutput).toMatch(
      /^✓ Evaluated, kept: \.sst\/offline\/dev\.json \(\d+ resources, 1 function; batch [\d.]+ s\)\.\n- Not kept: stage production evaluates only once secret ApiKey has a value/,
    );
    expect(existsSync(join(skipping, ".sst", "offline", "dev.json"))).toBe(true);
    expect(existsSync(join(skipping, ".sst", "offline", "production.json"))).toBe(false);

    expect(results["strict:evaluate"]?.success).toBe(false);
    expect(results["strict:evaluate"]?.terminalOutput).toContain("sst secret set ApiKey");

    expect(results["failing:evaluate"]?.success).toBe(false);
    expect(results["failing:evaluate"]?.terminalOutput).toContain(
      'Component name "App" is reserved.',
    );
    expect(results["failing:evaluate"]?.terminalOutput).not.toContain("ApiKey");
  }, 120_000);

  it("says a syntax error in the infra once, for every stage, with the file and line from the root", async () => {
    const app = copy("function-url", "broken");
    mkdirSync(join(app, "infra"));
    // As a service's sst.config.ts loads its infra (the templates' `await import()` in `run()`).
    writeFileSync(
      join(app, "sst.config.ts"),
      'export default $config({\n  app() {\n    return { name: "broken", home: "aws" };\n  },\n  async run() {\n    (await import("./infra/index")).infra();\n  },\n});\n',
    );
    writeFileSync(
      join(app, "infra", "index.ts"),
      'export function infra() {\n  new sst.aws.Bucket("Bucket";\n}\n',
    );
    const task = {
      id: "broken:evaluate",
      projectDir: app,
      options: { stages: ["dev", "production"] },
    };
    const results = await evaluateTasks(WORKSPACE, [task], 1);
    const output = results["broken:evaluate"]?.terminalOutput;
    expect(results["broken:evaluate"]?.success).toBe(false);
    expect(output).toBe(
      `✗ Evaluating ${relative(WORKSPACE, app)} (stages dev, production) failed:\n${relative(WORKSPACE, app)}/infra/index.ts:2:29: Expected ")" but found ";"\n`,
    );
  }, 120_000);

  it("reads the kept evaluation when it is current", async () => {
    const app = copy("unset-secret", "again");
    const task = { id: "again:evaluate", projectDir: app, options: { stages: ["dev"] } };
    await evaluateTasks(WORKSPACE, [task], 1);
    const again = await evaluateTasks(WORKSPACE, [task], 1);
    expect(again["again:evaluate"]?.terminalOutput).toMatch(/^✓ Current, reused: /);
  }, 120_000);
});
