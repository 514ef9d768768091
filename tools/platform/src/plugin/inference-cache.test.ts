import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { CreateNodesContext, CreateNodesResult } from "@nx/devkit";
import { workspaceDataDirectoryForWorkspace } from "nx/src/utils/cache-directory";
import { updateFilesInContext } from "nx/src/utils/workspace-context";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createNodesV2 } from "./create-nodes";
import type { PlatformPluginOptions } from "./options";

/**
 * Counts what the plugin reads to infer targets: every package.json it parses (`readManifest`),
 * whether for a project or to build the workspace's map of packages (`Workspace`).
 */
const reads = vi.hoisted(() => ({ manifests: 0 }));
vi.mock("./workspace", async (importOriginal) => {
  const original = await importOriginal<typeof import("./workspace")>();
  const readManifest: typeof original.readManifest = (root, path) => {
    reads.manifests++;
    return original.readManifest(root, path);
  };
  class Workspace extends original.Workspace {
    constructor(root: string, manifestPaths: readonly string[]) {
      super(root, manifestPaths);
      reads.manifests += manifestPaths.length;
    }
  }
  return { ...original, readManifest, Workspace };
});

const fixture: Record<string, unknown> = {
  "packages/infra/package.json": {
    name: "@acme/infra",
    devDependencies: { "@acme/sst-offline": "*" },
  },
  "packages/infra/tsconfig.json": {},
  "packages/sst-offline/package.json": { name: "@acme/sst-offline" },
  "packages/mid/package.json": { name: "@acme/mid", dependencies: { "@acme/sst-offline": "*" } },
  "packages/plain/package.json": { name: "@acme/plain" },
  "packages/plain/vitest.config.ts": "",
  "apps/orders/package.json": { name: "@acme/orders", devDependencies: { "@acme/infra": "*" } },
  "apps/orders/tsconfig.json": {},
  "apps/orders/vitest.config.ts": "",
  "apps/orders/sst.config.ts": "",
};
const manifestPaths = Object.keys(fixture).filter((path) => path.endsWith("/package.json"));

describe("the inferred targets' cache", () => {
  let workspaceRoot: string;
  let context: CreateNodesContext;
  let cacheFile: string;

  beforeEach(() => {
    workspaceRoot = mkdtempSync(join(tmpdir(), "platform-cache-"));
    context = { workspaceRoot, nxJsonConfiguration: {} };
    cacheFile = join(
      workspaceDataDirectoryForWorkspace(workspaceRoot),
      "acme-platform-targets.json",
    );
    for (const [path, content] of Object.entries(fixture)) write(path, content);
    reads.manifests = 0;
  });
  afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

  /** Writes a workspace file and tells Nx's file index, as the daemon (or the next command) does. */
  function write(path: string, content: unknown) {
    mkdirSync(dirname(join(workspaceRoot, path)), { recursive: true });
    writeFileSync(
      join(workspaceRoot, path),
      typeof content === "string" ? content : JSON.stringify(content),
    );
    updateFilesInContext(workspaceRoot, [path], []);
  }

  async function infer(options?: PlatformPluginOptions) {
    const results = await createNodesV2[1](manifestPaths, options, context);
    return Object.fromEntries(results.map(([file, result]) => [file, result as CreateNodesResult]));
  }

  function targetNames(result: Record<string, CreateNodesResult>, root: string): string[] {
    return Object.keys(result[`${root}/package.json`]?.projects?.[root]?.targets ?? {}).sort();
  }

  it("serves an unchanged workspace from the cache, reading no package.json", async () => {
    const first = await infer();
    expect(reads.manifests).toBeGreaterThanOrEqual(manifestPaths.length);
    expect(existsSync(cacheFile)).toBe(true);
    reads.manifests = 0;
    const second = await infer();
    expect(reads.manifests).toBe(0);
    expect(second).toEqual(first);
  });

  it("infers again when a file the targets come from changes", async () => {
    const before = await infer();
    expect(targetNames(before, "packages/plain")).not.toContain("typecheck");
    write("packages/plain/tsconfig.json", {});
    const after = await infer();
    expect(targetNames(after, "packages/plain")).toContain("typecheck");
    expect(reads.manifests).toBeGreaterThan(0);
  });

  it("infers again when another project's package.json changes what a project reaches", async () => {
    const needsOf = (result: Record<string, CreateNodesResult>) =>
      result["packages/plain/package.json"]?.projects?.["packages/plain"]?.targets?.test?.metadata
        ?.needs;
    expect(needsOf(await infer())).toBe("vitest, run-executor");
    // plain now reaches the evaluator through mid: its tests evaluate infra.
    write("packages/plain/package.json", {
      name: "@acme/plain",
      dependencies: { "@acme/mid": "*" },
    });
    expect(needsOf(await infer())).toBe("vitest, run-executor, evaluator");
    // Only mid's package.json changes, and plain's targets follow.
    write("packages/mid/package.json", { name: "@acme/mid" });
    expect(needsOf(await infer())).toBe("vitest, run-executor");
  });

  it("infers again when the options change", async () => {
    expect(targetNames(await infer(), "apps/orders")).toContain("test");
    const renamed = await infer({ testTargetName: "unit" });
    expect(targetNames(renamed, "apps/orders")).toContain("unit");
    expect(targetNames(renamed, "apps/orders")).not.toContain("test");
  });

  it("keeps only the current entries, and leaves an up-to-date file alone", async () => {
    const entries = () => Object.keys(JSON.parse(readFileSync(cacheFile, "utf8")).entries);
    await infer();
    expect(entries()).toHaveLength(manifestPaths.length);
    // A change to a package.json gives every project a new key: the old entries go.
    write("packages/mid/package.json", { name: "@acme/mid" });
    await infer();
    expect(entries()).toHaveLength(manifestPaths.length);
    // Nothing changed: the file is not written again.
    const text = readFileSync(cacheFile, "utf8");
    writeFileSync(cacheFile, `${text}\n`);
    await infer();
    expect(readFileSync(cacheFile, "utf8")).toBe(`${text}\n`);
  });

  it("ignores a cache file that is not one, and writes a good one", async () => {
    const fresh = await infer();
    writeFileSync(cacheFile, '{"entries": {"truncated');
    reads.manifests = 0;
    expect(await infer()).toEqual(fresh);
    expect(reads.manifests).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(cacheFile, "utf8")).entries).toBeTypeOf("object");
  });
});
