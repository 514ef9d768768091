import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";

/** Folders under src/generators that hold code the generators share, not a generator. */
const SHARED = new Set(["shared"]);

it("registers every generator folder in generators.json, each with its schema, code and test", () => {
  const folders = readdirSync(__dirname, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !SHARED.has(entry.name))
    .map((entry) => entry.name)
    .sort();
  const registry = JSON.parse(
    readFileSync(join(__dirname, "..", "..", "generators.json"), "utf8"),
  ) as { generators: Record<string, { factory: string; schema: string }> };
  expect(Object.keys(registry.generators).sort()).toEqual(folders);
  for (const [name, entry] of Object.entries(registry.generators)) {
    // Nx loads the compiled copy through the launcher (@acme/compiled), not the TypeScript.
    expect(entry.factory).toBe(`./generators/${name}.cjs`);
    expect(
      readFileSync(join(__dirname, "..", "..", "generators", `${name}.cjs`), "utf8"),
    ).toContain(`loadCompiled(\n  __dirname,\n  "src/generators/${name}/generator.ts",`);
    expect(entry.schema).toBe(`./src/generators/${name}/schema.json`);
    for (const file of ["schema.json", "schema.ts", "generator.ts", "generator.test.ts"]) {
      expect(existsSync(join(__dirname, name, file)), `${name}/${file}`).toBe(true);
    }
  }
});
