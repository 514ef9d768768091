import type { Tree } from "@nx/devkit";
import type { RenderedFile } from "../../upgrade/render-version";
import { TemplateRenderer } from "../../upgrade/render-version";
import type { ServiceAnswers } from "../service/validate";
import { serviceVariables } from "../service/variables";
import { DATABASE_READY } from "../shared/consumer-lines";
import { type ExistingService, GrowError } from "../shared/service";

/**
 * What the service template adds for `--database postgres`, cut from its own rendering: the
 * service's template version is rendered twice with its recorded answers, once as they are
 * (no database) and once with `database: "postgres"`, and the differences are the pieces
 * `resource --type postgres` puts into the service. So the grow command and the service
 * template share one text: change the template, and both follow.
 */
export interface PostgresPieces {
  /** The imports infra/index.ts gains (node:crypto, node:fs, node:path), one per line. */
  imports: string;
  /** The Vpc, the Postgres and `migrateOnDeploy(...)` (with a blank line after, as the template). */
  database: string;
  /** The main function's `link` line without and with the database. */
  link: { without: string; with: string };
  /** The main function's `vpc,` line. */
  vpc: string;
  /** `migrateOnDeploy` and `migrationsHash`, after infra(), with the blank line before them. */
  migrator: string;
  /** The infra tests of the VPC and the Migrator, and the line of infra.test.ts they go before. */
  infraTests: { text: string; before: string };
  /** Whole files only the Postgres rendering has: src/database.ts, src/migrate.ts, migrations/. */
  files: RenderedFile[];
  /**
   * The other files the two renderings write differently (the app, its handler and tests, the
   * README), as the template without and with Postgres: merged three ways into the service's.
   */
  code: { path: string; without: Buffer; with: Buffer }[];
  /** Dependencies the Postgres rendering's package.json has in addition. */
  dependencies: Record<"dependencies" | "devDependencies", Record<string, string>>;
}

const REFERENCE = '/// <reference path="../.sst/platform/config.d.ts" />';
const RESOURCES_IMPORT = 'import { linkedResources } from "./resources";';
export const INFRA_START = "export function infra() {";
const VPC_TEST = `  it("runs the functions in the database's VPC", () => {`;
export const MIGRATIONS_TEST = `  it("runs the migrations on deploy, again when they change", () => {`;

/** Renders the service's template version without and with Postgres, and cuts the pieces. */
export async function postgresPieces(
  tree: Tree,
  service: ExistingService,
  version: string,
): Promise<PostgresPieces> {
  const renderer = new TemplateRenderer(tree);
  try {
    const render = (database: "none" | "postgres") => {
      const answers = { ...service.answers, database } as unknown as ServiceAnswers;
      return renderer.render(version, {
        ...answers,
        ...serviceVariables(answers, service.org, version),
        answers,
      });
    };
    const without = (await render("none")).files;
    const withPostgres = (await render("postgres")).files;
    return cut(service, version, without, withPostgres);
  } finally {
    renderer.dispose();
  }
}

function cut(
  service: ExistingService,
  version: string,
  without: RenderedFile[],
  withPostgres: RenderedFile[],
): PostgresPieces {
  const text = (files: RenderedFile[], path: string) => {
    const file = files.find((candidate) => candidate.path === `${service.root}/${path}`);
    if (!file) throw shapeError(version, `it renders no ${path}`);
    return file.content.toString("utf8");
  };
  const lines = (files: RenderedFile[], path: string) => new Lines(text(files, path), version);
  const plainPaths = new Set(without.map((file) => file.path));
  const manifest = (files: RenderedFile[]) => JSON.parse(text(files, "package.json"));
  return {
    ...cutInfra(lines(without, "infra/index.ts"), lines(withPostgres, "infra/index.ts"), version),
    infraTests: cutInfraTests(lines(withPostgres, "infra/infra.test.ts")),
    files: withPostgres.filter((file) => !plainPaths.has(file.path)),
    code: changedFiles(service, without, withPostgres),
    dependencies: addedDependencies(manifest(without), manifest(withPostgres)),
  };
}

/** A rendered file's lines, found by content; a missing one is a template of another shape. */
class Lines {
  readonly all: string[];
  constructor(
    text: string,
    private readonly version: string,
  ) {
    this.all = text.split("\n");
  }
  at(line: string, from = 0): number {
    const found = this.all.indexOf(line, from);
    if (found < 0) throw shapeError(this.version, `no line "${line.trim()}"`);
    return found;
  }
  slice(start: number, end?: number): string {
    return this.all.slice(start, end).join("\n");
  }
}

const LINK_LINE = /^ {4}link: \[.*\],$/;

function cutInfra(plain: Lines, index: Lines, version: string) {
  const start = index.at(INFRA_START);
  const migrate = index.at(DATABASE_READY, start);
  // The database block ends where the template without it goes on (a blank line, or the bucket).
  const resumes = index.at(plain.all[plain.at(INFRA_START) + 1] as string, migrate);
  const linkWith = index.all.findIndex((line, i) => i > migrate && LINK_LINE.test(line));
  const linkWithout = plain.all.findIndex((line) => LINK_LINE.test(line));
  if (linkWith < 0 || linkWithout < 0 || index.all[linkWith + 1] !== "    vpc,") {
    throw shapeError(version, "no main function with its link and vpc lines");
  }
  return {
    imports: index.slice(index.at(REFERENCE) + 1, index.at(RESOURCES_IMPORT)),
    database: index.slice(start + 1, resumes),
    link: { without: plain.all[linkWithout] as string, with: index.all[linkWith] as string },
    vpc: index.all[linkWith + 1] as string,
    migrator: index.slice(index.at("}", migrate) + 1).trimEnd(),
  };
}

/** The VPC and Migrator tests, and where the template has them: before the next test, or last. */
function cutInfraTests(tests: Lines): PostgresPieces["infraTests"] {
  const vpcTest = tests.at(VPC_TEST);
  const testsEnd = tests.at("  });", tests.at(MIGRATIONS_TEST, vpcTest));
  const next = tests.all.findIndex((line, i) => i > testsEnd && line.trim() !== "");
  const before = tests.all[next] ?? "});";
  return before === "});"
    ? { text: `\n${tests.slice(vpcTest, testsEnd + 1)}`, before }
    : { text: tests.slice(vpcTest, next), before };
}

/** Files both renderings write, differently, other than those the pieces are placed into. */
function changedFiles(
  service: ExistingService,
  without: RenderedFile[],
  withPostgres: RenderedFile[],
): PostgresPieces["code"] {
  const placed = ["infra/index.ts", "infra/infra.test.ts", "package.json", "sst-env.d.ts"].map(
    (path) => `${service.root}/${path}`,
  );
  return without.flatMap((file) => {
    const other = withPostgres.find((candidate) => candidate.path === file.path);
    return other && !other.content.equals(file.content) && !placed.includes(file.path)
      ? [{ path: file.path, without: file.content, with: other.content }]
      : [];
  });
}

type Manifest = Partial<Record<"dependencies" | "devDependencies", Record<string, string>>>;

function addedDependencies(plain: Manifest, postgres: Manifest): PostgresPieces["dependencies"] {
  const added = (key: "dependencies" | "devDependencies") =>
    Object.fromEntries(
      Object.entries(postgres[key] ?? {}).filter(([name]) => !(name in (plain[key] ?? {}))),
    );
  return { dependencies: added("dependencies"), devDependencies: added("devDependencies") };
}

function shapeError(version: string, what: string): GrowError {
  return new GrowError(
    `The service template ${version} (generators/service/versions/${version}) does not have the shape resource --type postgres cuts its Postgres pieces from (${what}). Upgrade the service to the current template first (nx g @acme/platform:upgrade), or add Postgres by hand as generators/service/new/infra-index.ts.ejs.t does.`,
  );
}
