import type { Tree } from "@nx/devkit";

/**
 * The parts of `@nx/devkit` the generators call while they run, imported from the Nx modules
 * that define them (the same functions and the same `logger` object that `@nx/devkit`
 * re-exports; ../loading.test.ts checks they are). `@nx/devkit`'s index loads all of Nx's
 * devkit exports, about 200 modules (the task runner, lock-file parsers, Nx Cloud, semver...) that
 * `nx g` has not loaded: about 70 ms of a generator's start in `nx g` (bench/README.md, "Service
 * generator: loading less"). Types still come from `@nx/devkit` (erased), and what runs only
 * after the files are written (the install) loads `@nx/devkit` then. Generator code imports
 * values from here, never from `@nx/devkit` (tools/platform/biome.json says so).
 */
export { getProjects } from "nx/src/generators/utils/project-configuration";
export { readJson, updateJson, writeJson } from "nx/src/generators/utils/json";
export { logger } from "nx/src/utils/logger";

/**
 * `npm install` for a generator's callback (Nx's `installPackagesTask`, forced): `@nx/devkit`
 * loads only here, once the files are written, so `--skipInstall` and `--dry-run` never load it.
 */
export async function installPackages(tree: Tree): Promise<void> {
  (await import("@nx/devkit")).installPackagesTask(tree, true);
}
