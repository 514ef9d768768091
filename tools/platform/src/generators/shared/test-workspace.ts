import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Tree } from "@nx/devkit";
import { FsTree } from "nx/src/generators/tree";
import { serviceGenerator } from "../service/generator";
import type { ServiceGeneratorSchema } from "../service/schema";

const realWorkspace = join(__dirname, "..", "..", "..", "..", "..");

/**
 * A workspace on disk with the real templates linked in, and Nx's Tree over it (the Tree the
 * `nx g` command uses: changes stay in memory until flushed, which tests never do).
 */
export function createTestWorkspace(): { tree: Tree; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), "grow-generator-"));
  symlinkSync(join(realWorkspace, "generators"), join(root, "generators"));
  const file = (path: string, content: unknown) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(content, null, 2));
  };
  file("package.json", { name: "@acme/source", private: true, workspaces: ["apps/*"] });
  file("nx.json", {});
  return {
    tree: new FsTree(root, false),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Generates a service into the tree, as `nx g @acme/platform:service` would. */
export async function addService(
  tree: Tree,
  options: Partial<ServiceGeneratorSchema> & Pick<ServiceGeneratorSchema, "name" | "kind">,
): Promise<void> {
  await serviceGenerator(tree, { owner: "payments", skipInstall: true, ...options });
}

/** Every file's content, to compare a tree before and after a command. */
export function snapshot(tree: Tree): Map<string, string | undefined> {
  return new Map(tree.listChanges().map((change) => [change.path, change.content?.toString()]));
}
