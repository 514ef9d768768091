import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { FsTree } from "nx/src/generators/tree";
import { globWithWorkspaceContextSync } from "nx/src/utils/workspace-context";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getProjects } from "./devkit";
import { type ProjectFileGlob, workspaceProjects } from "./projects";

/**
 * `workspaceProjects` with a glob of its own (the daemon's, in `nx g`) must give what Nx's
 * `getProjects` gives. The glob here is the same native workspace context, in this process.
 */
const realWorkspace = join(__dirname, "..", "..", "..", "..", "..");
const localGlob: ProjectFileGlob = async (root, patterns) =>
  globWithWorkspaceContextSync(root, patterns);
const asObject = (projects: Map<string, unknown>) => Object.fromEntries(projects);

describe("workspaceProjects", () => {
  let scratch: string | undefined;
  afterEach(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  });

  /** A workspace on disk with the given JSON files. */
  function workspace(files: Record<string, unknown>): FsTree {
    scratch = mkdtempSync(join(tmpdir(), "workspace-projects-"));
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), JSON.stringify(content));
    }
    return new FsTree(scratch, false);
  }

  it("gives this workspace's projects as getProjects does", async () => {
    const tree = new FsTree(realWorkspace, false);
    const projects = await workspaceProjects(tree, localGlob);
    expect(projects.size).toBeGreaterThan(10);
    expect(asObject(projects)).toEqual(asObject(getProjects(tree)));
  });

  it("names projects as getProjects does: project.json over package.json, nx.name, folder names", async () => {
    const tree = workspace({
      "package.json": { name: "@x/source", workspaces: ["apps/*", "packages/*"] },
      "nx.json": {},
      "apps/plain/package.json": { name: "@x/plain" },
      "apps/both/package.json": { name: "@x/both" },
      "apps/both/project.json": { name: "both-project", targets: {} },
      "apps/unnamed-json/package.json": { name: "@x/unnamed-json" },
      "apps/unnamed-json/project.json": { targets: {} },
      "apps/renamed/package.json": { name: "@x/renamed", nx: { name: "renamed-by-nx" } },
      "apps/nameless/package.json": { private: true },
      "packages/lib/package.json": { name: "@x/lib" },
      "libs/outside/project.json": { targets: {} },
      "libs/elsewhere/project.json": { name: "elsewhere", root: "libs/other-root" },
    });
    const expected = asObject(getProjects(tree));
    expect(Object.keys(expected).sort()).toEqual(
      [
        "@x/plain",
        "both-project",
        "@x/unnamed-json",
        "renamed-by-nx",
        "nameless",
        "@x/lib",
        "outside",
        "elsewhere",
      ].sort(),
    );
    expect(asObject(await workspaceProjects(tree, localGlob))).toEqual(expected);
  });

  it("leaves to getProjects what it does not repeat: the tree's own changes, angular.json", async () => {
    const tree = workspace({
      "package.json": { name: "@x/source", workspaces: ["apps/*"] },
      "apps/on-disk/package.json": { name: "@x/on-disk" },
    });
    tree.write("apps/in-tree/project.json", JSON.stringify({ name: "in-tree" }));
    const glob = vi.fn(localGlob);
    expect([...(await workspaceProjects(tree, glob)).keys()].sort()).toEqual([
      "@x/on-disk",
      "in-tree",
    ]);
    expect(glob).not.toHaveBeenCalled();

    const angular = workspace({
      "package.json": { name: "@x/source" },
      "angular.json": { version: 1, projects: { app: { root: "app" } } },
    });
    const angularGlob = vi.fn(localGlob);
    expect([...(await workspaceProjects(angular, angularGlob)).keys()]).toEqual(["app"]);
    expect(angularGlob).not.toHaveBeenCalled();
  });

  it("asks no daemon where none runs (tests, NX_DAEMON=false): getProjects itself", async () => {
    const tree = workspace({
      "package.json": { name: "@x/source", workspaces: ["apps/*"] },
      "apps/a/package.json": { name: "@x/a" },
    });
    expect([...(await workspaceProjects(tree)).keys()]).toEqual(["@x/a"]);
  });
});
