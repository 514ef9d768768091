import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const workspace = join(import.meta.dirname, "..", "..", "..");

/**
 * A start of each bin that does no harm anywhere (an empty folder), with the exit code and the
 * output that show its own code ran. A new bin must be added here.
 */
const harmlessStarts: Record<string, { args: string[]; status: number; output: RegExp }> = {
  "shipyard-serve": { args: ["--help"], status: 0, output: /^Usage \(in a service's folder/ },
  "shipyard-send": { args: ["{}"], status: 1, output: /is not being served/ },
  "shipyard-policy": { args: ["--help"], status: 0, output: /^Usage: shipyard-policy/ },
  "shipyard-waivers": { args: ["--nope"], status: 1, output: /Unknown option '--nope'/ },
  "sst-offline": { args: ["--help"], status: 0, output: /^Usage: sst-offline/ },
  "shipyard-ci": { args: [], status: 1, output: /^shipyard-ci: No npm workspace root/ },
  "shipyard-cache-server": { args: [], status: 1, output: /--storage is required/ },
  "shipyard-sst": { args: ["deploy", "--stage", "x"], status: 2, output: /No sst\.config\.ts in/ },
  "shipyard-check": { args: [], status: 2, output: /is not a service folder/ },
};

/** Every `bin` of the workspace's packages (npm workspaces `<folder>/*`), as npm links them. */
function workspaceBins(): { name: string; packageDir: string }[] {
  const { workspaces } = JSON.parse(readFileSync(join(workspace, "package.json"), "utf8")) as {
    workspaces: string[];
  };
  return workspaces
    .flatMap((pattern) => {
      const folder = pattern.replace(/\/\*$/, "");
      return readdirSync(join(workspace, folder)).map((name) => `${folder}/${name}`);
    })
    .filter((packageDir) => existsSync(join(workspace, packageDir, "package.json")))
    .flatMap((packageDir) => {
      const manifest = join(workspace, packageDir, "package.json");
      const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as {
        bin?: Record<string, string>;
      };
      return Object.keys(bin ?? {}).map((name) => ({ name, packageDir }));
    });
}

/**
 * One way a bin starts in this workspace: a thin launcher of a compiled copy of its TypeScript
 * (@acme/compiled), never a TypeScript loader. Each bin starts here with a data directory of its
 * own, so the copy it leaves there is its own, built from its package's sources.
 */
describe("every bin of the workspace", () => {
  const bins = workspaceBins();

  it("has a harmless start listed here", () => {
    expect(bins.length).toBeGreaterThan(0);
    expect(bins.map(({ name }) => name).sort()).toEqual(Object.keys(harmlessStarts).sort());
  });

  it.each(bins)("$name runs a compiled copy of its package's sources", ({ name, packageDir }) => {
    const start = harmlessStarts[name];
    if (!start) throw new Error(`No harmless start for ${name}: add one to harmlessStarts.`);
    const dataDir = mkdtempSync(join(tmpdir(), `bin-${name}-`));
    const cwd = mkdtempSync(join(tmpdir(), `bin-${name}-cwd-`));
    try {
      const result = spawnSync(join(workspace, "node_modules", ".bin", name), start.args, {
        cwd,
        encoding: "utf8",
        env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir },
      });
      expect(result.stdout + result.stderr).toMatch(start.output);
      expect(result.status, result.stderr).toBe(start.status);
      const builtFrom = readdirSync(dataDir)
        .filter((file) => file.endsWith(".json"))
        .flatMap(
          (pointer) => JSON.parse(readFileSync(join(dataDir, pointer), "utf8")).inputs as string[],
        );
      expect(builtFrom.filter((input) => input.startsWith(`${packageDir}/`))).not.toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
