import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type ArtifactScope, artifactKey, artifactPath, readFreshArtifact } from "./artifact.js";
import { evaluateAndKeep } from "./evaluate.js";
import { resolvePlatform } from "./platform.js";
import { runnerScript } from "./runner-script.js";
import { fixture } from "./test/fixtures.js";
import type { Evaluation } from "./types.js";

const scratch = mkdtempSync(join(tmpdir(), "sst-offline-artifact-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("artifactKey", () => {
  // A small workspace: a root package.json with workspaces, a service with an infra folder.
  const root = join(scratch, "keys");
  const app = join(root, "apps", "svc");
  mkdirSync(join(app, "infra"), { recursive: true });
  writeFileSync(join(root, "package.json"), '{ "workspaces": ["apps/*"] }');
  writeFileSync(join(app, "package.json"), '{ "name": "svc" }');
  writeFileSync(
    join(app, "sst.config.ts"),
    'export default $config({ run: () => import("./infra") });',
  );
  writeFileSync(join(app, "infra", "index.ts"), "export const x = 1;");
  const platformDir = join(root, "platform");
  mkdirSync(join(platformDir, "src"), { recursive: true });
  writeFileSync(join(platformDir, "src", "run.ts"), "export {};");
  const scope: ArtifactScope = {
    appDir: app,
    stage: "dev",
    dev: false,
    platform: { dir: platformDir, version: "4.17.1", providers: [] },
    runner: "/cache/runner-0123456789abcdef.mjs",
  };
  const inputs = [
    join(app, "sst.config.ts"),
    join(app, "infra", "index.ts"),
    join(platformDir, "src", "run.ts"),
  ];
  const key = () => artifactKey(scope, inputs, {});

  it("is stable, and changes with every input file's contents", () => {
    const first = key();
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(key()).toBe(first);
    for (const file of inputs) {
      const before = readFileSync(file, "utf8");
      writeFileSync(file, `${before}\n// edited`);
      expect(key(), file).not.toBe(first);
      writeFileSync(file, before);
      expect(key()).toBe(first);
    }
  });

  it("changes with the stage, $dev, the runner and the platform", () => {
    const first = key();
    expect(artifactKey({ ...scope, stage: "production" }, inputs, {})).not.toBe(first);
    expect(artifactKey({ ...scope, dev: true }, inputs, {})).not.toBe(first);
    expect(
      artifactKey({ ...scope, runner: "/cache/runner-fedcba9876543210.mjs" }, inputs, {}),
    ).not.toBe(first);
    const platform = { ...scope.platform, version: "4.18.0" };
    expect(artifactKey({ ...scope, platform }, inputs, {})).not.toBe(first);
  });

  it("changes with the value of an environment variable the evaluation read", () => {
    const unset = artifactKey(scope, inputs, { STAGE_SIZE: null });
    expect(unset).not.toBe(key());
    expect(artifactKey(scope, inputs, { STAGE_SIZE: "" })).not.toBe(unset);
    expect(artifactKey(scope, inputs, { STAGE_SIZE: "large" })).not.toBe(unset);
    expect(artifactKey(scope, inputs, { STAGE_SIZE: null })).toBe(unset);
  });

  it("changes when a file appears that an import could now resolve to", () => {
    const first = key();
    // `./infra` would now resolve to infra.ts instead of infra/index.ts.
    writeFileSync(join(app, "infra.ts"), "export const x = 2;");
    expect(key()).not.toBe(first);
    rmSync(join(app, "infra.ts"));
    expect(key()).toBe(first);
  });

  it("changes with the package.json and tsconfig.json files up to the workspace root", () => {
    const first = key();
    writeFileSync(join(app, "package.json"), '{ "name": "svc", "imports": {} }');
    expect(key()).not.toBe(first);
    writeFileSync(join(app, "package.json"), '{ "name": "svc" }');
    writeFileSync(join(root, "tsconfig.base.json"), "{}");
    expect(key()).not.toBe(first);
    rmSync(join(root, "tsconfig.base.json"));
    expect(key()).toBe(first);
  });

  it("ignores what the targets write: build output, .sst, sst-env.d.ts, docs", () => {
    const first = key();
    mkdirSync(join(app, "dist", "Api"), { recursive: true });
    mkdirSync(join(app, ".sst", "offline"), { recursive: true });
    writeFileSync(join(app, "sst-env.d.ts"), "export {}");
    writeFileSync(join(app, "README.md"), "# svc");
    expect(key()).toBe(first);
  });

  it("is undefined once an input is gone", () => {
    expect(artifactKey(scope, [...inputs, join(app, "infra", "gone.ts")], {})).toBeUndefined();
  });
});

describe("evaluate once, read after (end to end)", () => {
  // A copy outside the workspace: the platform comes from platformDir.
  const app = join(scratch, "function-url");
  cpSync(fixture("function-url"), app, { recursive: true });
  const platformDir = resolvePlatform(fixture("function-url")).dir;
  const keep = { read: true, write: true };

  it("reads the kept evaluation until an input changes, per stage", async () => {
    const first = await evaluateAndKeep({ appDir: app, platformDir }, keep);
    expect(first).toMatchObject({ reused: false, artifact: artifactPath(app, "dev", false) });
    const again = await evaluateAndKeep({ appDir: app, platformDir }, keep);
    expect(again.reused).toBe(true);
    expect(again.evaluation).toEqual(first.evaluation);

    const production = await evaluateAndKeep(
      { appDir: app, platformDir, stage: "production" },
      keep,
    );
    expect(production).toMatchObject({
      reused: false,
      artifact: artifactPath(app, "production", false),
    });
    expect(production.evaluation.app.removal).toBe("retain");

    // The handler file is an input: rename its export and the kept evaluation is stale.
    const handler = join(app, "src", "api.ts");
    writeFileSync(handler, readFileSync(handler, "utf8").replace("handler", "main"));
    await expect(evaluateAndKeep({ appDir: app, platformDir }, keep)).rejects.toThrow(
      'Handler not found: src/api.handler (src/api.ts does not export "handler")',
    );
    writeFileSync(handler, readFileSync(handler, "utf8").replace("main", "handler"));

    const config = join(app, "sst.config.ts");
    writeFileSync(config, readFileSync(config, "utf8").replace('"512 MB"', '"1024 MB"'));
    const changed = await evaluateAndKeep({ appDir: app, platformDir }, keep);
    expect(changed.reused).toBe(false);
    const lambda = (evaluation: Evaluation) =>
      evaluation.resources.find((resource) => resource.type === "aws:lambda/function:Function");
    expect(lambda(changed.evaluation)?.inputs.memorySize).toBe(1024);
    expect(lambda(first.evaluation)?.inputs.memorySize).toBe(512);
  });

  it("is stale once an environment variable the config read changes; values stay out of it", async () => {
    const config = join(app, "sst.config.ts");
    writeFileSync(
      config,
      readFileSync(config, "utf8").replace(
        '"1024 MB"',
        'process.env.OFFLINE_TEST_MEMORY ?? "1024 MB"',
      ),
    );
    const before = await evaluateAndKeep({ appDir: app, platformDir }, keep);
    expect((await evaluateAndKeep({ appDir: app, platformDir }, keep)).reused).toBe(true);
    process.env.OFFLINE_TEST_MEMORY = "2048 MB";
    try {
      const after = await evaluateAndKeep({ appDir: app, platformDir }, keep);
      expect(after.reused).toBe(false);
      expect(after.evaluation).not.toEqual(before.evaluation);
      const kept = readFileSync(artifactPath(app, "dev", false), "utf8");
      expect(JSON.parse(kept).environment).toContain("OFFLINE_TEST_MEMORY");
      expect(kept).not.toContain("2048 MB");
    } finally {
      delete process.env.OFFLINE_TEST_MEMORY;
    }
    expect((await evaluateAndKeep({ appDir: app, platformDir }, keep)).reused).toBe(false);
  });

  it("ignores an artifact of another format, and keeps nothing with reuse off", async () => {
    const file = artifactPath(app, "dev", false);
    const kept = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...kept, format: kept.format + 1 }));
    const platform = resolvePlatform(app, { platformDir });
    const runner = await runnerScript();
    expect(readFreshArtifact({ appDir: app, stage: "dev", dev: false, platform, runner })).toBe(
      undefined,
    );

    rmSync(join(app, ".sst"), { recursive: true, force: true });
    const unkept = await evaluateAndKeep(
      { appDir: app, platformDir },
      { read: false, write: false },
    );
    expect(unkept).toMatchObject({ reused: false, artifact: undefined });
    expect(existsSync(file)).toBe(false);
  });
});
