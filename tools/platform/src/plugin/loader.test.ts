import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { FsTree } from "nx/src/generators/tree";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { serviceGenerator } from "../generators/service/generator";
import { createNodesV2 } from "./create-nodes";

/**
 * `plugin.cjs`, Nx's entry to the plugin, loads a compiled copy of `src/index.ts` kept in Nx's
 * workspace data directory under a hash of its sources (@acme/compiled); so do the executors'
 * and the generators' launchers. These tests load it in
 * fresh processes, as Nx does on every command.
 */
const packageRoot = resolve(__dirname, "..", "..");
const workspaceRoot = resolve(packageRoot, "..", "..");
const loader = join(packageRoot, "plugin.cjs");
const manifests = ["apps", "packages", "tools"].flatMap((dir) =>
  readdirSync(join(workspaceRoot, dir)).map((name) => `${dir}/${name}/package.json`),
);

describe("plugin.cjs", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "platform-plugin-data-"));
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Loads the plugin in a new Node process and returns its createNodes result for the workspace. */
  function loadAndInfer(): unknown {
    const script = `
      const plugin = require(${JSON.stringify(loader)});
      Promise.resolve(plugin.createNodesV2[1](${JSON.stringify(manifests)}, undefined, {
        workspaceRoot: ${JSON.stringify(workspaceRoot)}, nxJsonConfiguration: {},
      })).then((result) => process.stdout.write(JSON.stringify(result)));`;
    return JSON.parse(
      execFileSync(process.execPath, ["-e", script], {
        cwd: workspaceRoot,
        encoding: "utf8",
        env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir },
      }),
    );
  }
  const pointer = () =>
    JSON.parse(readFileSync(join(dataDir, "acme-platform-plugin.json"), "utf8")) as {
      hash: string;
      bundle: string;
      inputs: string[];
    };

  it("infers exactly what the TypeScript source infers", async () => {
    // Inferred afresh: from TypeScript the inference cache names the plugin by its path, not by
    // its sources' hash, so entries an earlier version of the sources kept here would be reused.
    vi.stubEnv("NX_CACHE_PROJECT_GRAPH", "false");
    const fromSource = await createNodesV2[1](manifests, undefined, {
      workspaceRoot,
      nxJsonConfiguration: {},
    });
    expect(loadAndInfer()).toEqual(JSON.parse(JSON.stringify(fromSource)));
  });

  it("loads the run executor the same way, for Nx's executors.json", () => {
    const script = `
      const executor = require(${JSON.stringify(join(packageRoot, "executors", "run.cjs"))});
      process.stdout.write(typeof executor.default);`;
    const loaded = execFileSync(process.execPath, ["-e", script], {
      cwd: workspaceRoot,
      encoding: "utf8",
      env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir },
    });
    expect(loaded).toBe("function");
    const executors = JSON.parse(readFileSync(join(packageRoot, "executors.json"), "utf8"));
    expect(executors.executors.run.implementation).toBe("./executors/run.cjs");
  });

  it("loads every generator compiled, for Nx's generators.json", () => {
    const generators = JSON.parse(readFileSync(join(packageRoot, "generators.json"), "utf8"))
      .generators as Record<string, { factory: string }>;
    const script = `
      const factories = ${JSON.stringify(Object.values(generators).map((entry) => join(packageRoot, entry.factory)))};
      process.stdout.write(JSON.stringify(factories.map((path) => typeof require(path).default)));`;
    const loaded = execFileSync(process.execPath, ["-e", script], {
      cwd: workspaceRoot,
      encoding: "utf8",
      env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir },
    });
    expect(JSON.parse(loaded)).toEqual(Object.keys(generators).map(() => "function"));
    // Each copy holds no import() (its launcher asks for importAsRequire), so it starts from V8's
    // code cache, written beside it when the process that first loaded it exited.
    const withoutCodeCache = Object.keys(generators).filter((name) => {
      const { bundle } = JSON.parse(
        readFileSync(join(dataDir, `acme-platform-generator-${name}.json`), "utf8"),
      ) as { bundle: string };
      return !existsSync(join(dataDir, `${bundle}.v8cache`));
    });
    expect(withoutCodeCache).toEqual([]);
    const service = JSON.parse(
      readFileSync(join(dataDir, "acme-platform-generator-service.json"), "utf8"),
    ) as { inline: string[]; inputs: string[] };
    // hygen is inside the one file, and the copy is rebuilt when hygen or the build changes.
    expect(service.inline).toEqual(["hygen"]);
    expect(service.inputs).toEqual(
      expect.arrayContaining([
        "node_modules/hygen/dist/render.js",
        "packages/compiled/compiled.cjs",
      ]),
    );
  });

  it("generates with the compiled service generator exactly what the TypeScript one does", async () => {
    const options = { name: "loader-check", kind: "http", owner: "payments", skipInstall: true };
    const changes = (tree: FsTree) =>
      Object.fromEntries(
        tree.listChanges().map((change) => [change.path, change.content?.toString("utf8")]),
      );
    const script = `
      const { FsTree } = require("nx/src/generators/tree");
      const generator = require(${JSON.stringify(join(packageRoot, "generators", "service.cjs"))}).default;
      const tree = new FsTree(${JSON.stringify(workspaceRoot)}, false);
      generator(tree, ${JSON.stringify(options)}).then(() => process.stdout.write(JSON.stringify(
        Object.fromEntries(tree.listChanges().map((c) => [c.path, c.content?.toString("utf8")])))));`;
    const compiled = JSON.parse(
      execFileSync(process.execPath, ["-e", script], {
        cwd: workspaceRoot,
        encoding: "utf8",
        env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir, NX_DAEMON: "false" },
        maxBuffer: 64 * 1024 * 1024,
      }),
    );
    const tree = new FsTree(workspaceRoot, false);
    await serviceGenerator(tree, { ...options, kind: "http" });
    expect(Object.keys(compiled)).toContain("apps/loader-check/sst.config.ts");
    expect(compiled).toEqual(changes(tree));
  });

  it("resolves a compiled copy's import() of an ESM-only package from this package, wherever the data directory is", () => {
    expect(relative(workspaceRoot, dataDir).startsWith("..")).toBe(true);
    const script = `
      const { loadPrompts } = require("@acme/compiled")
        .loadCompiled(${JSON.stringify(packageRoot)}, "src/__fixtures__/dynamic-import.ts", "test-dynamic-import");
      loadPrompts().then((prompts) => process.stdout.write(typeof prompts.text));`;
    const loaded = execFileSync(process.execPath, ["-e", script], {
      cwd: workspaceRoot,
      encoding: "utf8",
      env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir },
    });
    expect(loaded).toBe("function");
  });

  it("records every source it was built from, the plugin's and the contract's", () => {
    loadAndInfer();
    const { inputs } = pointer();
    const pluginFiles = readdirSync(join(packageRoot, "src", "plugin"), { recursive: true })
      .map(String)
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .map((file) => relative(workspaceRoot, join(packageRoot, "src", "plugin", file)));
    expect(inputs).toEqual(expect.arrayContaining(pluginFiles));
    expect(inputs).toContain("packages/contract/src/stage.ts");
  });

  it("reuses the compiled copy while its sources are unchanged, and rebuilds it when they change", () => {
    loadAndInfer();
    const first = pointer();
    const bundle = join(dataDir, first.bundle);
    // Marks the copy so that a reuse can be told from a rebuild.
    writeFileSync(bundle, `${readFileSync(bundle, "utf8")}\n// reused`);
    loadAndInfer();
    expect(readFileSync(bundle, "utf8")).toMatch(/\/\/ reused$/);
    // As if a source had changed since the copy was built: other stamps, another hash.
    writeFileSync(
      join(dataDir, "acme-platform-plugin.json"),
      JSON.stringify({ ...first, hash: "0000000000000000", stamps: [] }),
    );
    loadAndInfer();
    expect(pointer().hash).toBe(first.hash);
    expect(readFileSync(bundle, "utf8")).not.toMatch(/\/\/ reused$/);
  });
});
