import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The archive of released template versions (docs/adr/0006-template-versions.md) is what every
 * upgrade takes as its base, so it must be true: the current version's folder is exactly the
 * templates being edited. Editing generators/service/new without a new version fails here.
 */
const service = join(__dirname, "..", "..", "..", "..", "..", "generators", "service");
const { version } = JSON.parse(readFileSync(join(service, "template.json"), "utf8"));
const files = (dir: string) => readdirSync(dir).sort();

describe("generators/service/versions", () => {
  it("holds only version folders, the current one included", () => {
    const versions = files(join(service, "versions"));
    for (const name of versions) expect(name).toMatch(/^\d+\.\d+\.\d+$/);
    expect(versions).toContain(version);
  });

  it(`holds the current version (${version}) exactly as generators/service/new`, () => {
    const fix = `generators/service/new differs from the archived ${version}. Bump generators/service/template.json's version and archive the new one (cp -R generators/service/new generators/service/versions/<new version>), as generators/service/README.md ("Changing a template") says; never edit a released version.`;
    const archived = join(service, "versions", version);
    expect(files(archived), fix).toEqual(files(join(service, "new")));
    for (const file of files(join(service, "new"))) {
      expect(readFileSync(join(archived, file), "utf8"), `${file}: ${fix}`).toBe(
        readFileSync(join(service, "new", file), "utf8"),
      );
    }
  });
});
