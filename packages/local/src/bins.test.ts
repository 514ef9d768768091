import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const workspace = join(import.meta.dirname, "..", "..", "..");

/**
 * The bins as npm links them (`node_modules/.bin`), which `nx serve` and `npx shipyard-send` run.
 * Serving itself, through the same launcher, is what the serve-*.test.ts tests do.
 */
describe("the bins", () => {
  it("run a compiled copy of the CLI (@acme/compiled), evaluator included, with its exit codes", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "local-compiled-"));
    const start = (name: string, ...args: string[]) =>
      spawnSync(join(workspace, "node_modules", ".bin", name), args, {
        cwd: dataDir,
        encoding: "utf8",
        env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir },
      });
    try {
      const help = start("shipyard-serve", "--help");
      expect(help.stderr).toBe("");
      expect(help.stdout).toMatch(/^Usage \(in a service's folder/);
      expect(help.status).toBe(0);
      const send = start("shipyard-send", '{"id":"1"}');
      expect(send.stderr).toBe(
        `shipyard-send: The service in ${dataDir} is not being served: start it with \`nx serve <service>\`.\n`,
      );
      expect(send.status).toBe(1);
      // The copy has no TypeScript loader: the offline evaluator must be bundled into it, or
      // serve would fall back on the templates' conventions instead of the service's infra.
      const { inputs } = JSON.parse(readFileSync(join(dataDir, "acme-local-cli.json"), "utf8"));
      expect(inputs).toEqual(
        expect.arrayContaining([
          "packages/local/src/cli.ts",
          "packages/sst-offline/src/evaluate.ts",
        ]),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
