import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import * as devkit from "@nx/devkit";
import { FsTree, flushChanges } from "nx/src/generators/tree";
import { afterAll, describe, expect, it, vi } from "vitest";
import { serviceGenerator } from "./generator";
import type { ServiceGeneratorSchema } from "./schema";

/**
 * The example services committed under apps/ are exactly what the templates produce today from
 * the answers each recorded (package.json "shipyard"). A template change that is not applied to
 * the examples fails here; so does a hand edit to an example.
 */
const workspace = join(__dirname, "..", "..", "..", "..", "..");
const { examples } = JSON.parse(
  readFileSync(join(workspace, "generators", "service", "examples.json"), "utf8"),
) as { examples: string[] };

vi.mock("@nx/devkit", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@nx/devkit")>()),
  installPackagesTask: vi.fn(),
}));

/** Files a service folder may hold that are not the template's: local state and build output. */
const NOT_GENERATED = new Set([".sst", ".local", "node_modules", "dist"]);

function filesIn(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (NOT_GENERATED.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesIn(path, root) : [relative(root, path)];
  });
}

interface Provenance {
  template: string;
  templateVersion: string;
  answers: Omit<ServiceGeneratorSchema, "database"> & { database?: string };
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe.each(examples)("example service apps/%s", (name) => {
  it("is what the service template renders from its recorded answers", async () => {
    const manifest = JSON.parse(
      readFileSync(join(workspace, "apps", name, "package.json"), "utf8"),
    );
    const provenance = manifest.shipyard as Provenance;
    expect(provenance.template).toBe("service");

    // A workspace with everything but this example, so the generator sees no collision.
    const root = mkdtempSync(join(tmpdir(), `example-${name}-`));
    scratch.push(root);
    for (const entry of ["generators", "package.json", "nx.json", "packages", "tools"]) {
      symlinkSync(join(workspace, entry), join(root, entry));
    }
    const tree = new FsTree(root, false);
    const { database, ...answers } = provenance.answers;
    const callback = await serviceGenerator(tree, {
      ...answers,
      ...(database && database !== "none" ? { database: database as "postgres" } : {}),
      skipInstall: true,
    });
    // What `nx g` does next: write the tree to disk, then run the generator's callback.
    flushChanges(root, tree.listChanges());
    await callback();
    expect(devkit.installPackagesTask).not.toHaveBeenCalled();

    const generatedDir = join(root, "apps", name);
    const committedDir = join(workspace, "apps", name);
    const generated = filesIn(generatedDir).sort();
    expect(filesIn(committedDir).sort(), "files in the example").toEqual(generated);
    for (const file of generated) {
      expect(readFileSync(join(committedDir, file), "utf8"), file).toBe(
        readFileSync(join(generatedDir, file), "utf8"),
      );
    }
    const entry = `/apps/${name}/ @acme/${answers.owner}\n`;
    expect(readFileSync(join(root, "CODEOWNERS"), "utf8")).toContain(entry);
    expect(readFileSync(join(workspace, "CODEOWNERS"), "utf8")).toContain(entry);
  });
});
