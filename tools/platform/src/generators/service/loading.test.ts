import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";

/**
 * What `nx g @acme/platform:service` loads into Nx's process for the generator: not `@nx/devkit`'s
 * index, which loads all of Nx's devkit exports (about 200 modules `nx g` has not loaded,
 * ../shared/devkit.ts). Checked as Nx runs it: the compiled copy through the launcher
 * (generators/service.cjs), in a fresh Node process that has loaded only Nx's Tree, called once,
 * with its callback, on a workspace on disk.
 */
const platform = join(__dirname, "..", "..", "..");
const realWorkspace = join(platform, "..", "..");

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "service-generator-loading-"));
  symlinkSync(join(realWorkspace, "generators"), join(root, "generators"));
  const file = (path: string, content: unknown) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(content, null, 2));
  };
  file("package.json", { name: "@acme/source", private: true, workspaces: ["apps/*"] });
  file("nx.json", {});
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Runs the compiled generator as `nx g` would; returns what it wrote and what it loaded. */
function generateInFreshProcess(options: Record<string, unknown>) {
  const script = `
    const { FsTree } = require(${JSON.stringify(require.resolve("nx/src/generators/tree"))});
    const generator = require(${JSON.stringify(join(platform, "generators", "service.cjs"))}).default;
    (async () => {
      const tree = new FsTree(${JSON.stringify(root)}, false);
      const callback = await generator(tree, ${JSON.stringify(options)});
      await callback();
      const loaded = Object.keys(require.cache).filter((file) =>
        /[\\\\/]@nx[\\\\/]devkit[\\\\/]|[\\\\/]nx[\\\\/]dist[\\\\/]src[\\\\/]devkit-exports\\.js$/.test(file));
      console.log(JSON.stringify({ written: tree.listChanges().map((c) => c.path), loaded }));
    })();`;
  const result = spawnSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" });
  expect(result.stderr).toBe("");
  const lastLine = result.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(lastLine) as { written: string[]; loaded: string[] };
}

it("generates a service without loading @nx/devkit's index (Nx's devkit exports)", () => {
  const { written, loaded } = generateInFreshProcess({
    name: "orders",
    kind: "cron",
    owner: "payments",
    skipInstall: true,
  });
  expect(written).toContain("apps/orders/package.json");
  expect(written).toContain("CODEOWNERS");
  expect(loaded).toEqual([]);
}, 60_000);
