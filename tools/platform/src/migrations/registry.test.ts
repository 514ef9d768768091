import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { migrations, migrationsBetween } from "./index";

it("lists every migration folder, each with its migration, test and note", () => {
  const folders = readdirSync(__dirname, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((version) =>
      readdirSync(join(__dirname, version.name)).map((name) => `${version.name}/${name}`),
    );
  expect(migrations.map((m) => `${m.version}/${m.name}`).sort()).toEqual(folders.sort());
  for (const folder of folders) {
    for (const file of ["migration.ts", "migration.test.ts", "README.md"]) {
      expect(existsSync(join(__dirname, folder, file)), `${folder}/${file}`).toBe(true);
    }
  }
});

it("picks the migrations after the service's version up to the target, in version order", () => {
  const noop = () => ({ changed: [], skipped: [] });
  const all = [
    { version: "1.10.0", name: "a", description: "", migrate: noop },
    { version: "1.2.0", name: "b", description: "", migrate: noop },
    { version: "1.2.0", name: "a", description: "", migrate: noop },
    { version: "1.0.0", name: "old", description: "", migrate: noop },
    { version: "2.0.0", name: "later", description: "", migrate: noop },
  ];
  expect(migrationsBetween("1.0.0", "1.10.0", all).map((m) => `${m.version}/${m.name}`)).toEqual([
    "1.2.0/a",
    "1.2.0/b",
    "1.10.0/a",
  ]);
});
