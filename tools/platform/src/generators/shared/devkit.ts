/**
 * The parts of `@nx/devkit` the service generator calls while it runs, imported from the Nx
 * modules that define them (the same functions and the same `logger` object that `@nx/devkit`
 * re-exports). `@nx/devkit`'s index loads all of Nx's devkit exports, about 200 modules (the task
 * runner, lock-file parsers, Nx Cloud, semver...) that `nx g` has not loaded: about 70 ms of a
 * generator's start in `nx g` (bench/README.md, "Service generator: loading less"). Types still
 * come from `@nx/devkit` (erased), and what runs only after the files are written (the
 * install) loads `@nx/devkit` then.
 */
export { getProjects } from "nx/src/generators/utils/project-configuration";
export { readJson } from "nx/src/generators/utils/json";
export { logger } from "nx/src/utils/logger";
