import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { createTestWorkspace } from "../shared/test-workspace";

/**
 * What `nx g @acme/platform:service` loads into Nx's process for the generator: not `@nx/devkit`'s
 * index, which loads all of Nx's devkit exports (about 200 modules `nx g` has not loaded,
 * ../shared/devkit.ts). Checked as Nx runs it: the compiled copy through the launcher
 * (generators/service.cjs), in a fresh Node process that has loaded only Nx's Tree, called once,
 * with its callback, on a workspace on disk.
 */
const platform = join(__dirname, "..", "..", "..");

let root: string;
let remove: () => void;
beforeEach(() => {
  const workspace = createTestWorkspace();
  root = workspace.tree.root;
  remove = workspace.remove;
});
afterEach(() => remove());

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
