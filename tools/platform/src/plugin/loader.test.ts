import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNodesV2 } from "./create-nodes";

/**
 * `plugin.cjs`, Nx's entry to the plugin, loads a compiled copy of `src/index.ts` kept in Nx's
 * workspace data directory under a hash of its sources (`compiled.cjs`). These tests load it in
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
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

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
    // As if a source had changed since the copy was built.
    writeFileSync(
      join(dataDir, "acme-platform-plugin.json"),
      JSON.stringify({ ...first, hash: "0000000000000000" }),
    );
    loadAndInfer();
    expect(pointer().hash).toBe(first.hash);
    expect(readFileSync(bundle, "utf8")).not.toMatch(/\/\/ reused$/);
  });
});
