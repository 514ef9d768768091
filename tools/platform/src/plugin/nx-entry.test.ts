import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/**
 * nx.json names the plugin by an entry file under a folder named node_modules
 * (`nx-entry/node_modules/plugin.cjs`), so that Nx loads it as an installed plugin. Named by its
 * package (`@acme/platform`, which npm links to `tools/platform`), Nx 24 takes it for a workspace
 * plugin and, on every command, reads every project's configuration in two more plugin worker
 * processes to look for its source (docs/adr/0013-plugin-entry-under-node-modules.md).
 * These tests run Nx's own resolver in a fresh process, as Nx does on every command.
 */
const packageRoot = resolve(__dirname, "..", "..");
const workspaceRoot = resolve(packageRoot, "..", "..");

/** The entry of `@acme/platform` in nx.json's `plugins`. */
function pluginEntry(): string {
  const nxJson = JSON.parse(readFileSync(join(workspaceRoot, "nx.json"), "utf8")) as {
    plugins?: (string | { plugin: string })[];
  };
  const entries = (nxJson.plugins ?? []).map((entry) =>
    typeof entry === "string" ? entry : entry.plugin,
  );
  expect(entries).toHaveLength(1);
  return entries[0] as string;
}

describe("the plugin's entry in nx.json", () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "platform-nx-entry-"));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Runs `script` with Node in the workspace; returns what it printed, parsed. */
  function run(script: string): unknown {
    return JSON.parse(
      execFileSync(process.execPath, ["-e", script], {
        cwd: workspaceRoot,
        encoding: "utf8",
        env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir, NX_DAEMON: "false" },
      }),
    );
  }

  /**
   * Resolves `moduleName` with Nx's resolver for nx.json's plugins, counting its look-ups of the
   * projects' configurations (answered with none, so no worker starts here).
   */
  function resolveAsNxDoes(moduleName: string): { lookups: number; pluginPath: string } {
    return run(`
      const files = require("nx/src/project-graph/utils/retrieve-workspace-files");
      let lookups = 0;
      files.retrieveProjectConfigurationsWithoutPluginInference = async () => {
        lookups++;
        return {};
      };
      const { resolveNxPlugin } = require("nx/src/project-graph/plugins/resolve-plugin");
      const { getNxRequirePaths } = require("nx/src/utils/installation-directory");
      const root = ${JSON.stringify(workspaceRoot)};
      resolveNxPlugin(${JSON.stringify(moduleName)}, root, getNxRequirePaths(root)).then(
        ({ pluginPath }) => process.stdout.write(JSON.stringify({ lookups, pluginPath })),
      );`) as { lookups: number; pluginPath: string };
  }

  it("is loaded as an installed plugin: Nx reads no project to find it", () => {
    const entry = resolveAsNxDoes(pluginEntry());
    expect(entry.lookups).toBe(0);
    // What the entry saves: named by its package, the plugin costs Nx the look-up.
    const byPackage = resolveAsNxDoes("@acme/platform");
    expect(byPackage.lookups).toBe(1);
    expect(entry.pluginPath).not.toBe(byPackage.pluginPath);
  });

  it("is the package's plugin: the same module as plugin.cjs, named @acme/platform", () => {
    const loaded = run(`
      const { join } = require("node:path");
      const root = ${JSON.stringify(workspaceRoot)};
      const entry = require(require.resolve(${JSON.stringify(pluginEntry())}, { paths: [root] }));
      const plugin = require(join(root, "tools/platform/plugin.cjs"));
      process.stdout.write(JSON.stringify({
        same: entry === plugin,
        name: entry.name,
        createNodes: typeof entry.createNodesV2?.[1],
      }));`);
    expect(loaded).toEqual({ same: true, name: "@acme/platform", createNodes: "function" });
  });
});
