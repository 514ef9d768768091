import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stageProblem } from "@acme/contract";
import { afterAll, describe, expect, it } from "vitest";
import { EvaluationError, evaluate, PLATFORM_NOT_INSTALLED } from "./index.js";
import { fixture } from "./test/fixtures.js";

describe("failing evaluations", () => {
  it("fails on a missing handler, naming the files it looked for", async () => {
    const failure = evaluate({ appDir: fixture("missing-handler") });
    await expect(failure).rejects.toBeInstanceOf(EvaluationError);
    await expect(failure).rejects.toThrow(
      "Handler not found: src/missing.handler (looked for src/missing.ts, src/missing.tsx, src/missing.mts, src/missing.cts, src/missing.js, src/missing.jsx, src/missing.mjs, src/missing.cjs)",
    );
  });

  it("fails on an invoke it cannot answer, naming the token", async () => {
    const error = await evaluate({ appDir: fixture("invoke") }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EvaluationError);
    expect((error as Error).message).toBe(
      "Offline evaluation cannot answer invoke aws:ec2/getVpc: add an answer in packages/sst-offline/src/runner/mocks.ts (INVOKES).",
    );
  });

  it("surfaces SST's VisibleError messages as they are", async () => {
    const error = await evaluate({ appDir: fixture("visible-error") }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'Component name "App" is reserved. Please choose a different name for your "sst:aws:Bucket" component.',
    );
    expect((error as Error).message).not.toContain("@pulumi");
  });

  it("names a syntax error's file, line and column as they are in the file", async () => {
    // Inside the workspace (git-ignored), where the evaluator finds the shared SST platform.
    const app = join(fixture("function-url"), "..", "..", "..", `.scratch-syntax-${process.pid}`);
    cpSync(fixture("function-url"), app, { recursive: true });
    mkdirSync(join(app, "infra"));
    writeFileSync(
      join(app, "sst.config.ts"),
      'export default $config({\n  app() {\n    return { name: "broken", home: "aws" };\n  },\n  async run() {\n    (await import("./infra/index")).infra();\n  },\n});\n',
    );
    try {
      writeFileSync(join(app, "infra", "index.ts"), "// infra\n\nexport const x = (1;\n");
      await expect(evaluate({ appDir: app, reuse: false })).rejects.toThrow(
        'infra/index.ts:3:19: Expected ")" but found ";"',
      );
      // On the first line, where the platform's imports are put before the file's own text.
      writeFileSync(join(app, "infra", "index.ts"), "export const x = (1;\n");
      await expect(evaluate({ appDir: app, reuse: false })).rejects.toThrow(
        'infra/index.ts:1:19: Expected ")" but found ";"',
      );
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  }, 60_000);

  describe("without a platform install", () => {
    const empty = mkdtempSync(join(tmpdir(), "sst-offline-no-platform-"));
    afterAll(() => rmSync(empty, { recursive: true, force: true }));

    it("says how to install it (platformDir option)", async () => {
      await expect(evaluate({ appDir: fixture("queue"), platformDir: empty })).rejects.toThrow(
        PLATFORM_NOT_INSTALLED,
      );
      expect(PLATFORM_NOT_INSTALLED).toBe(
        "SST platform is not installed: run `npm run setup` at the workspace root.",
      );
    });

    it("says how to install it (SHIPYARD_SST_PLATFORM)", async () => {
      const previous = process.env.SHIPYARD_SST_PLATFORM;
      process.env.SHIPYARD_SST_PLATFORM = empty;
      try {
        await expect(evaluate({ appDir: fixture("queue") })).rejects.toThrow(
          PLATFORM_NOT_INSTALLED,
        );
      } finally {
        if (previous === undefined) delete process.env.SHIPYARD_SST_PLATFORM;
        else process.env.SHIPYARD_SST_PLATFORM = previous;
      }
    });
  });

  it("refuses a stage SST would refuse, before starting a process", async () => {
    const error = await evaluate({ appDir: fixture("queue"), stage: "Bad_Stage!" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EvaluationError);
    expect((error as EvaluationError).message).toBe(stageProblem("Bad_Stage!"));
    expect((error as EvaluationError).output).toBe("");
  });

  it("rejects a folder without sst.config.ts", async () => {
    await expect(evaluate({ appDir: fixture("function-url/src") })).rejects.toThrow(
      /^No sst\.config\.ts in .*function-url\/src\.$/,
    );
  });
});
