import type { Tree } from "@nx/devkit";

/** The service a migration runs on. */
export interface MigrationService {
  /** `apps/<name>`. */
  root: string;
  name: string;
  /** The npm scope, e.g. `acme`. */
  org: string;
  answers: Record<string, unknown>;
}

/** What a migration did: files it changed, and files it left because they were not as expected. */
export interface MigrationResult {
  changed: string[];
  skipped: { path: string; reason: string }[];
}

/**
 * A change that re-rendering the templates cannot make, for services upgraded past `version`:
 * typically a codemod of files the teams wrote. It must be idempotent (a second run changes
 * nothing), change only files of the shape it expects, and report every file it skipped.
 */
export interface Migration {
  version: string;
  name: string;
  description: string;
  migrate(tree: Tree, service: MigrationService): MigrationResult;
}
