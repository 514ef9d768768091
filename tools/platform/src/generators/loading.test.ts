import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as nxDevkit from "@nx/devkit";
import { FsTree, flushChanges } from "nx/src/generators/tree";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as devkit from "./shared/devkit";
import { addService, createTestWorkspace } from "./shared/test-workspace";

/**
 * What `nx g @acme/platform:<generator>` loads into Nx's process: never `@nx/devkit`'s index,
 * which loads all of Nx's devkit exports (about 200 modules `nx g` has not loaded,
 * ./shared/devkit.ts). Checked as Nx runs each generator: its compiled copy through its launcher
 * (generators/<name>.cjs), in a fresh Node process that has loaded only Nx's Tree, called once,
 * with its callback, on a workspace on disk where it succeeds.
 */
const platform = join(__dirname, "..", "..");
const generators = Object.keys(
  JSON.parse(readFileSync(join(platform, "generators.json"), "utf8")).generators,
);

/**
 * Each generator's run: `service`, an http service "orders" on disk first; `before`, a change to it;
 * `writes`, a file the run must write.
 */
const runs: Record<
  string,
  { options: Record<string, unknown>; service?: boolean; before?: () => void; writes: string }
> = {
  service: {
    options: { name: "orders", kind: "cron", owner: "payments", skipInstall: true },
    writes: "apps/orders/package.json",
  },
  route: {
    options: { service: "orders", method: "GET", path: "/orders" },
    service: true,
    writes: "apps/orders/src/app.ts",
  },
  consumer: {
    options: { service: "orders", name: "Invoices" },
    service: true,
    writes: "apps/orders/infra/index.ts",
  },
  // A secret adds no dependency, so there is no callback (npm install, which loads @nx/devkit
  // then); a queue, like a bucket or a table, now brings @acme/local for its test.
  resource: {
    options: { service: "orders", type: "secret", name: "Uploads" },
    service: true,
    writes: "apps/orders/infra/resources.ts",
  },
  // The service says it was generated at 1.1.0, so the upgrade merges and runs the migrations.
  upgrade: {
    options: { projects: "orders" },
    service: true,
    before: () => markGeneratedAt("1.1.0"),
    writes: "apps/orders/package.json",
  },
  "remove-service": {
    options: { service: "orders", stagesRemoved: true, skipInstall: true },
    service: true,
    writes: "apps/orders/package.json",
  },
  "rename-service": {
    options: { service: "orders", newName: "shop", skipInstall: true },
    service: true,
    writes: "apps/shop/package.json",
  },
};

let root: string;
let remove: () => void;
beforeEach(() => {
  const workspace = createTestWorkspace();
  root = workspace.tree.root;
  remove = workspace.remove;
});
afterEach(() => remove());

/** Writes an http service to disk, as `nx g @acme/platform:service` would. */
async function serviceOnDisk() {
  const tree = new FsTree(root, false);
  await addService(tree, { name: "orders", kind: "http" });
  flushChanges(root, tree.listChanges());
}

/** Records an older template version in the service's provenance (package.json#shipyard). */
function markGeneratedAt(version: string) {
  const path = join(root, "apps", "orders", "package.json");
  const manifest = JSON.parse(readFileSync(path, "utf8"));
  manifest.shipyard.templateVersion = version;
  writeFileSync(path, JSON.stringify(manifest, null, 2));
}

/** Runs the compiled generator as `nx g` would; returns what it wrote and what it loaded. */
function generateInFreshProcess(generator: string, options: Record<string, unknown>) {
  const script = `
    const { FsTree } = require(${JSON.stringify(require.resolve("nx/src/generators/tree"))});
    const generator = require(${JSON.stringify(join(platform, "generators", `${generator}.cjs`))}).default;
    (async () => {
      const tree = new FsTree(${JSON.stringify(root)}, false);
      const callback = await generator(tree, ${JSON.stringify(options)});
      if (callback) await callback();
      const loaded = Object.keys(require.cache).filter((file) =>
        /[\\\\/]@nx[\\\\/]devkit[\\\\/]|[\\\\/]nx[\\\\/]dist[\\\\/]src[\\\\/]devkit-exports\\.js$/.test(file));
      console.log(JSON.stringify({ written: tree.listChanges().map((c) => c.path), loaded }));
    })();`;
  const result = spawnSync(process.execPath, ["-e", script], { cwd: root, encoding: "utf8" });
  expect(result.stderr).toBe("");
  const lastLine = result.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(lastLine) as { written: string[]; loaded: string[] };
}

describe("each generator nx g runs", () => {
  it("has a run here", () => {
    expect(Object.keys(runs).sort()).toEqual([...generators].sort());
  });

  it.each(Object.entries(runs))(
    "%s runs without loading @nx/devkit's index (Nx's devkit exports)",
    async (name, run) => {
      if (run.service) await serviceOnDisk();
      run.before?.();
      const { written, loaded } = generateInFreshProcess(name, run.options);
      expect(written).toContain(run.writes);
      expect(loaded).toEqual([]);
    },
    60_000,
  );
});

it("shared/devkit.ts gives the very functions and logger @nx/devkit re-exports", () => {
  const { installPackages: _ours, ...reexported } = devkit;
  const exportedByNx = new Map(Object.entries(nxDevkit));
  for (const [name, value] of Object.entries(reexported)) {
    expect(value, name).toBe(exportedByNx.get(name));
  }
});

/**
 * Generator code (and the upgrade it runs) imports `@nx/devkit` for types only: values come from
 * shared/devkit.ts.
 */
it("no generator source imports a value from @nx/devkit", () => {
  const sources = [join(__dirname), join(__dirname, "..", "upgrade")].flatMap((folder) =>
    readdirSync(folder, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .map((file) => join(folder, file)),
  );
  const valueImport =
    /^(?:import|export)\s+(?!type\s)[^;]*?from\s+"@nx\/devkit"|(?:import|require)\("@nx\/devkit"\)/m;
  const offenders = sources
    .filter((file) => !file.endsWith(join("shared", "devkit.ts")))
    .filter((file) => valueImport.test(readFileSync(file, "utf8")))
    .map((file) => relative(platform, file));
  expect(offenders, "import these from src/generators/shared/devkit.ts instead").toEqual([]);
});
