import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { MAX_STAGE_LENGTH, stageProblem } from "@acme/contract";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "./cli.js";
import type { Evaluation } from "./index.js";
import { resolvePlatform } from "./platform.js";
import { fixture } from "./test/fixtures.js";

const BIN = fileURLToPath(new URL("../bin/sst-offline.mjs", import.meta.url));
const run = promisify(execFile);

/** Runs the CLI in-process (each evaluation still runs in its own child process). */
async function cli(argv: string[], cwd = fixture("function-url")) {
  let stdout = "";
  let stderr = "";
  const code = await main({
    argv,
    cwd,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

describe("sst-offline evaluate --skip-unset-secrets", () => {
  it("keeps nothing and exits 0 for a stage whose secret has no value, and fails without the flag", async () => {
    const app = mkdtempSync(join(tmpdir(), "sst-offline-secret-"));
    cpSync(fixture("unset-secret"), app, { recursive: true });
    try {
      const strict = await cli(["evaluate", "--stage", "production", "--fresh"], app);
      expect(strict.code).toBe(1);
      expect(strict.stderr).toContain("sst secret set");

      const skipped = await cli(
        ["evaluate", "--stage", "production", "--fresh", "--skip-unset-secrets"],
        app,
      );
      expect(skipped.code).toBe(0);
      expect(skipped.stdout).toContain("Not kept: stage production");
      expect(skipped.stdout).toContain("sst secret set ApiKey --stage production");

      // A stage where the secret has its placeholder is evaluated and kept as usual.
      const dev = await cli(["evaluate", "--stage", "dev", "--skip-unset-secrets"], app);
      expect(dev.code).toBe(0);
      expect(dev.stdout).toContain("Evaluated, kept");
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });

  it("is an option of evaluate only", async () => {
    const { code, stderr } = await cli(["plan", "--skip-unset-secrets"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--skip-unset-secrets is an option of `evaluate`.");
  });
});

describe("sst-offline plan", () => {
  it("prints the evaluation as JSON with --json (bin, cwd = the service)", async () => {
    const { stdout } = await run(process.execPath, [BIN, "plan", "--json", "--stage", "staging"], {
      cwd: fixture("function-url"),
    });
    const evaluation = JSON.parse(stdout) as Evaluation;
    expect(evaluation.app.stage).toBe("staging");
    expect(evaluation.resources.map((resource) => resource.type)).toContain(
      "aws:lambda/function:Function",
    );
  });

  it("exits 1 with the error's message when the evaluation fails", async () => {
    const previous = process.env.SHIPYARD_SST_PLATFORM;
    process.env.SHIPYARD_SST_PLATFORM = fixture("function-url/src");
    try {
      const { code, stderr } = await cli(["plan"]);
      expect(code).toBe(1);
      expect(stderr).toBe(
        "✗ Evaluating function-url failed:\nSST platform is not installed: run `npm run setup` at the workspace root.\n",
      );
    } finally {
      if (previous === undefined) delete process.env.SHIPYARD_SST_PLATFORM;
      else process.env.SHIPYARD_SST_PLATFORM = previous;
    }
  });

  it("exits 2 on wrong usage, with help", async () => {
    expect((await cli([])).code).toBe(2);
    expect((await cli(["deploy"])).stderr).toContain('Unknown command "deploy".');
    expect((await cli(["plan", "--out", "x"])).stderr).toContain("--out is an option of `build`.");
    expect((await cli(["build", "--json"])).stderr).toContain("--json is an option of `plan`.");
    const bad = await cli(["plan", "--check"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--check is an option of `types`.");
    const noConfig = await cli(["plan"], fixture("function-url/src"));
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toContain("No sst.config.ts in");
    const stage = await cli(["types", "--stage"]);
    expect(stage.code).toBe(2);
    expect(stage.stderr).toContain("--stage needs a value.");
  });

  it("refuses a stage SST would refuse, or one over the platform's limit, before evaluating", async () => {
    // Through the bin, as `nx infra --stage "Bad_Stage!"` runs it; the platform is set to a folder
    // without one, so an evaluation would fail with exit 1 instead.
    const refused = await run(process.execPath, [BIN, "plan", "--stage", "Bad_Stage!"], {
      cwd: fixture("function-url"),
      env: { ...process.env, SHIPYARD_SST_PLATFORM: fixture("function-url/src") },
    }).catch((error: { code: number; stdout: string; stderr: string }) => error);
    expect(refused).toMatchObject({
      code: 2,
      stdout: "",
      stderr: `✗ ${stageProblem("Bad_Stage!")}\n`,
    });
    expect((refused as { stderr: string }).stderr).toContain("must start with a letter");

    const long = "a".repeat(MAX_STAGE_LENGTH + 1);
    for (const command of ["plan", "types", "build"]) {
      const tooLong = await cli([command, `--stage=${long}`]);
      expect(tooLong).toMatchObject({ code: 2, stdout: "", stderr: `✗ ${stageProblem(long)}\n` });
    }
    expect(stageProblem("a".repeat(MAX_STAGE_LENGTH))).toBeUndefined();
  });

  it("prints help for each command", async () => {
    expect((await cli(["--help"])).stdout).toContain("Usage: sst-offline <command>");
    expect((await cli(["plan", "--help"])).stdout).toContain("--json");
    expect((await cli(["types", "--help"])).stdout).toContain("--check");
    expect((await cli(["build", "--help"])).stdout).toContain("<out>/<FunctionName>/");
    expect((await cli(["--help"])).stdout).toContain("build    bundle every Lambda handler");
  });
});

describe("sst-offline types", () => {
  // A copy outside the workspace: the platform comes from SHIPYARD_SST_PLATFORM.
  const app = join(mkdtempSync(join(tmpdir(), "sst-offline-cli-")), "bucket-link");
  cpSync(fixture("bucket-link"), app, { recursive: true });
  const previous = process.env.SHIPYARD_SST_PLATFORM;
  process.env.SHIPYARD_SST_PLATFORM = resolvePlatform(fixture("bucket-link")).dir;
  afterAll(() => {
    if (previous === undefined) delete process.env.SHIPYARD_SST_PLATFORM;
    else process.env.SHIPYARD_SST_PLATFORM = previous;
    rmSync(join(app, ".."), { recursive: true, force: true });
  });

  it("evaluate keeps the evaluation, and reads it back while it is current", async () => {
    const first = await cli(["evaluate"], app);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(
      /^✓ Evaluated, kept: \.sst\/offline\/dev\.json \(\d+ resources, 1 function; [\d.]+ s\)\.\n$/,
    );
    const second = await cli(["evaluate"], app);
    expect(second.stdout).toMatch(/^✓ Current, reused: \.sst\/offline\/dev\.json/);
    const fresh = await cli(["evaluate", "--fresh"], app);
    expect(fresh.stdout).toMatch(/^✓ Evaluated, kept: /);
  });

  it("--check fails while sst-env.d.ts is missing, then passes once written", async () => {
    const missing = await cli(["types", "--check"], app);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("✗ sst-env.d.ts is missing: run `npx sst-offline types`.\n");

    const written = await cli(["types"], app);
    expect(written.code).toBe(0);
    const text = readFileSync(join(app, "sst-env.d.ts"), "utf8");
    expect(text).toContain(
      '    "Uploads": {\n      "name": string\n      "type": "sst.aws.Bucket"\n    }\n',
    );
    expect(text).not.toContain("Archive");

    const upToDate = await cli(["types", "--check"], app);
    expect(upToDate).toMatchObject({ code: 0, stdout: "✓ sst-env.d.ts is up to date.\n" });
  });
});

describe("the sst-offline bin", () => {
  it("runs a compiled copy of the CLI (@acme/compiled), built from the sources it records", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "sst-offline-compiled-"));
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [BIN, "--help"], {
        env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir },
      });
      expect(stdout).toMatch(/^Usage: sst-offline/);
      const pointer = JSON.parse(readFileSync(join(dataDir, "acme-sst-offline-cli.json"), "utf8"));
      expect(pointer.inputs).toEqual(
        expect.arrayContaining([
          "packages/sst-offline/src/cli.ts",
          "packages/contract/src/stage.ts",
        ]),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
