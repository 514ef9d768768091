import { layout } from "@acme/contract";
import type { Tree } from "@nx/devkit";
import type { ServiceAnswers } from "../generators/service/validate";
import { serviceVariables } from "../generators/service/variables";
import { hygenInjector } from "../hygen/hygen";
import { type Migration, type MigrationResult, migrationsBetween } from "../migrations";
import { mergeContent } from "./merge/file";
import { formatJson, type Json, mergeJson, valueAt, withValueAt } from "./merge/json";
import { type ConflictLabels, conflictBlock } from "./merge/markers";
import { mergeText, splitLines } from "./merge/text";
import { type Provenance, readProvenance } from "./provenance";
import type { RenderedFile, RenderedInjection, TemplateRenderer } from "./render-version";
import { filesWithMarkers, serviceFiles } from "./service-files";
import { compareVersions, type TemplateConfig } from "./template-config";

/** What the upgrade did to one file, for the report. */
export interface FileOutcome {
  path: string;
  action: "updated" | "added" | "deleted" | "kept" | "conflict";
  note?: string;
}

export interface MigrationOutcome extends MigrationResult {
  migration: string;
}

/** The upgrade of one service. `finished`: provenance now records `to`. */
export interface ServiceUpgrade {
  root: string;
  from: string;
  to: string;
  files: FileOutcome[];
  migrations: MigrationOutcome[];
  finished: boolean;
}

export interface UpgradeContext {
  tree: Tree;
  renderer: TemplateRenderer;
  config: TemplateConfig;
  org: string;
  to: string;
  migrations?: readonly Migration[];
}

/**
 * Upgrades one service folder to template version `to` in the tree (docs/adr/0006): renders the
 * recorded version (base) and `to` (theirs) with the service's answers, merges each file three
 * ways against the service as it is (ours), merges package.json and the CODEOWNERS entry by
 * structure, runs the migrations in between, and records `to` only if no conflict remains.
 */
export async function upgradeService(
  context: UpgradeContext,
  root: string,
): Promise<ServiceUpgrade> {
  const { tree, config, org, to } = context;
  const provenance = readProvenance(tree, root, org);
  const from = provenance.templateVersion;
  const upgrade: ServiceUpgrade = { root, from, to, files: [], migrations: [], finished: false };
  if (provenance.upgradingTo !== undefined)
    return finishUpgrade(context, root, provenance, upgrade);
  if (compareVersions(from, to) === 0) return { ...upgrade, finished: true };
  if (compareVersions(from, to) > 0) {
    throw new Error(
      `${root} is at template version ${from}, newer than ${to}: the upgrade does not go back. Pass --to ${from} or later.`,
    );
  }

  // Recorded answers first, in their order; defaults of answers added since after them.
  const completed = {
    ...provenance.answers,
    ...withoutKeys(config.answerDefaults, provenance.answers),
  };
  const name = root.slice(root.lastIndexOf("/") + 1);
  // Base records the answers as they were, theirs with the defaults of answers added since: so
  // the merge of package.json records the new answers.
  const variablesFor = (version: string, recorded: Record<string, unknown>) => ({
    ...completed,
    ...serviceVariables(completed as unknown as ServiceAnswers, org, version),
    answers: recorded,
  });
  const base = await context.renderer.render(from, variablesFor(from, provenance.answers));
  const theirs = await context.renderer.render(to, variablesFor(to, completed));
  const labels: ConflictLabels = {
    ours: "yours",
    base: `template ${from}`,
    theirs: `template ${to}`,
  };

  for (const pair of pairFiles(base.files, theirs.files)) {
    if (pair.theirs?.path === `${root}/package.json`) continue;
    upgrade.files.push(...mergeRenderedFile(tree, pair, labels));
  }
  for (const pair of pairInjections(base.injections, theirs.injections)) {
    upgrade.files.push(...mergeInjection(tree, pair, labels));
  }
  const conflicts = upgrade.files.some((file) => file.action === "conflict");
  const manifest = mergeManifest(tree, root, base.files, theirs.files, labels, conflicts, to);
  if (manifest) upgrade.files.push(manifest);

  upgrade.finished = !upgrade.files.some((file) => file.action === "conflict");
  upgrade.migrations = runMigrations(context, { root, name, org, answers: completed }, from, to);
  return upgrade;
}

/** A service whose earlier upgrade left conflicts: record `to` once no marker is left. */
function finishUpgrade(
  context: UpgradeContext,
  root: string,
  provenance: Provenance,
  upgrade: ServiceUpgrade,
): ServiceUpgrade {
  const { tree, to } = context;
  const pending = provenance.upgradingTo as string;
  if (pending !== to) {
    throw new Error(
      `${root} is part way through an upgrade to ${pending}. Resolve its conflict markers and run the upgrade with --to ${pending} to finish it first.`,
    );
  }
  const markers = filesWithMarkers(tree, [...serviceFiles(tree, root), layout.codeowners]);
  upgrade.from = provenance.templateVersion;
  if (markers.length > 0) {
    upgrade.files = markers.map(({ path, lines }) => ({
      path,
      action: "conflict",
      note: `markers left on lines ${lines.join(", ")}`,
    }));
    return upgrade;
  }
  const path = `${root}/package.json`;
  const manifest = JSON.parse(tree.read(path, "utf-8") ?? "{}");
  manifest.shipyard.templateVersion = to;
  delete manifest.shipyard.upgradingTo;
  tree.write(path, formatJson(manifest));
  upgrade.files.push({ path, action: "updated", note: `records template version ${to}` });
  const name = root.slice(root.lastIndexOf("/") + 1);
  const service = { root, name, org: context.org, answers: provenance.answers };
  upgrade.migrations = runMigrations(context, service, provenance.templateVersion, to);
  upgrade.finished = true;
  return upgrade;
}

interface FilePair {
  base?: RenderedFile;
  theirs?: RenderedFile;
}

/** Pairs the files of two versions: by the template that renders them (renames), then by path. */
export function pairFiles(base: RenderedFile[], theirs: RenderedFile[]): FilePair[] {
  const pairs: FilePair[] = [];
  const unpaired = new Set(theirs);
  for (const file of base) {
    const match =
      theirs.find((other) => other.template === file.template && unpaired.has(other)) ??
      theirs.find((other) => other.path === file.path && unpaired.has(other));
    if (match) unpaired.delete(match);
    pairs.push({ base: file, ...(match ? { theirs: match } : {}) });
  }
  for (const file of unpaired) pairs.push({ theirs: file });
  return pairs;
}

function mergeRenderedFile(
  tree: Tree,
  { base, theirs }: FilePair,
  labels: ConflictLabels,
): FileOutcome[] {
  if (base && theirs) {
    return base.path === theirs.path
      ? changedFile(tree, base, theirs, labels)
      : renamedFile(tree, base, theirs, labels);
  }
  if (base) return deletedFile(tree, base);
  return theirs ? addedFile(tree, theirs, labels) : [];
}

function changedFile(
  tree: Tree,
  base: RenderedFile,
  theirs: RenderedFile,
  labels: ConflictLabels,
): FileOutcome[] {
  const ours = tree.read(base.path);
  if (ours === null) {
    return base.content.equals(theirs.content)
      ? []
      : [
          {
            path: base.path,
            action: "kept",
            note: "you deleted it; it stays deleted (the template changed it)",
          },
        ];
  }
  return writeMerge(tree, theirs.path, base.content, ours, theirs.content, labels);
}

function renamedFile(
  tree: Tree,
  base: RenderedFile,
  theirs: RenderedFile,
  labels: ConflictLabels,
): FileOutcome[] {
  const ours = tree.read(base.path);
  if (ours === null) {
    return [
      {
        path: base.path,
        action: "kept",
        note: `you deleted it; it stays deleted (the template moved it to ${theirs.path})`,
      },
    ];
  }
  const merged = mergeContent(base.content, ours, theirs.content, labels);
  const existing = tree.read(theirs.path);
  tree.delete(base.path);
  const moved: FileOutcome = {
    path: base.path,
    action: "deleted",
    note: `moved to ${theirs.path}`,
  };
  if (existing !== null && !existing.equals(merged.content)) {
    // You made a file where the template now puts this one: both go into it, as a conflict.
    const both = mergeText("", existing.toString("utf8"), merged.content.toString("utf8"), labels);
    tree.write(theirs.path, both.content);
    return [
      moved,
      {
        path: theirs.path,
        action: "conflict",
        note: `you have a file here; the template moves ${base.path} here`,
      },
    ];
  }
  tree.write(theirs.path, merged.content);
  return [
    moved,
    outcomeOf(
      theirs.path,
      merged.conflicts,
      merged.binary,
      existing === null ? "added" : "updated",
      `from ${base.path}`,
    ),
  ];
}

function deletedFile(tree: Tree, base: RenderedFile): FileOutcome[] {
  const ours = tree.read(base.path);
  if (ours === null) return [];
  if (ours.equals(base.content)) {
    tree.delete(base.path);
    return [{ path: base.path, action: "deleted" }];
  }
  return [
    {
      path: base.path,
      action: "kept",
      note: "the template deleted it; you changed it, so it stays",
    },
  ];
}

function addedFile(tree: Tree, theirs: RenderedFile, labels: ConflictLabels): FileOutcome[] {
  const ours = tree.read(theirs.path);
  if (ours === null) {
    tree.write(theirs.path, theirs.content);
    return [{ path: theirs.path, action: "added" }];
  }
  return writeMerge(
    tree,
    theirs.path,
    Buffer.alloc(0),
    ours,
    theirs.content,
    labels,
    "you made a file the template now adds",
  );
}

function writeMerge(
  tree: Tree,
  path: string,
  base: Buffer,
  ours: Buffer,
  theirs: Buffer,
  labels: ConflictLabels,
  conflictNote?: string,
): FileOutcome[] {
  const merged = mergeContent(base, ours, theirs, labels);
  if (merged.content.equals(ours)) {
    return merged.conflicts > 0
      ? [outcomeOf(path, merged.conflicts, merged.binary, "updated", conflictNote)]
      : [];
  }
  tree.write(path, merged.content);
  return [outcomeOf(path, merged.conflicts, merged.binary, "updated", conflictNote)];
}

function outcomeOf(
  path: string,
  conflicts: number,
  binary: boolean,
  action: "added" | "updated",
  note?: string,
): FileOutcome {
  if (conflicts === 0) return { path, action, ...(note ? { note } : {}) };
  const what = binary
    ? "binary; both you and the template changed it: yours is kept, take the template's by hand if you want it"
    : `${conflicts} conflicting ${conflicts === 1 ? "change" : "changes"}, marked`;
  return { path, action: "conflict", note: note ? `${note}; ${what}` : what };
}

interface InjectionPair {
  base?: RenderedInjection;
  theirs?: RenderedInjection;
}

function pairInjections(base: RenderedInjection[], theirs: RenderedInjection[]): InjectionPair[] {
  const pairs: InjectionPair[] = base.map((injection) => {
    const match = theirs.find((other) => other.template === injection.template);
    return { base: injection, ...(match ? { theirs: match } : {}) };
  });
  for (const injection of theirs) {
    if (!base.some((other) => other.template === injection.template))
      pairs.push({ theirs: injection });
  }
  return pairs;
}

/**
 * The line a template injects into a shared file (the CODEOWNERS entry), merged as a line of its
 * own: the rest of the file belongs to everyone else and is never touched.
 */
function mergeInjection(
  tree: Tree,
  { base, theirs }: InjectionPair,
  labels: ConflictLabels,
): FileOutcome[] {
  const path = (theirs ?? base)?.path as string;
  const text = tree.read(path, "utf-8");
  if (text === null) {
    return [{ path, action: "kept", note: "missing: the upgrade does not recreate it" }];
  }
  const lines = splitLines(text);
  const lineOf = (line: string) =>
    lines.findIndex((candidate) => candidate.replace(/\r?\n$/, "") === line);
  const replace = (index: number, replacement: string[]) => {
    const next = [...lines];
    next.splice(index, 1, ...replacement);
    tree.write(path, next.join(""));
  };
  if (!base && theirs) {
    const injected = hygenInjector(theirs.action, text);
    if (injected === text) return [];
    tree.write(path, injected);
    return [{ path, action: "updated", note: `adds "${theirs.line}"` }];
  }
  if (base && !theirs) {
    const index = lineOf(base.line);
    if (index >= 0) {
      replace(index, []);
      return [{ path, action: "updated", note: `removes "${base.line}"` }];
    }
    return lines.some((line) => base.isEntry(line))
      ? [
          {
            path,
            action: "kept",
            note: "the template no longer writes this service's line; you changed it, so it stays",
          },
        ]
      : [];
  }
  if (!base || !theirs || base.line === theirs.line || lineOf(theirs.line) >= 0) return [];
  const index = lineOf(base.line);
  if (index >= 0) {
    const eol = (lines[index] as string).endsWith("\n") ? "\n" : "";
    replace(index, [`${theirs.line}${eol}`]);
    return [{ path, action: "updated", note: `"${base.line}" → "${theirs.line}"` }];
  }
  const edited = lines.findIndex((line) => base.isEntry(line) || theirs.isEntry(line));
  if (edited < 0)
    return [{ path, action: "kept", note: "you removed this service's line; it stays removed" }];
  const ours = lines[edited] as string;
  const block = conflictBlock(
    { ours: [ours], base: [`${base.line}\n`], theirs: [`${theirs.line}\n`] },
    labels,
    "\n",
  );
  replace(edited, block);
  return [
    {
      path,
      action: "conflict",
      note: "you and the template both changed this service's line, marked",
    },
  ];
}

/**
 * package.json, merged by key (dependencies, tags, provenance) rather than as text. While a
 * conflict remains anywhere in the service, provenance keeps the old version and records
 * `upgradingTo`. A key both sides changed is written with conflict markers around it.
 */
function mergeManifest(
  tree: Tree,
  root: string,
  baseFiles: RenderedFile[],
  theirFiles: RenderedFile[],
  labels: ConflictLabels,
  conflictsElsewhere: boolean,
  to: string,
): FileOutcome | undefined {
  const path = `${root}/package.json`;
  const base = baseFiles.find((file) => file.path === path);
  const theirs = theirFiles.find((file) => file.path === path);
  const ours = tree.read(path);
  if (!base || !theirs || ours === null) return undefined;
  const [baseJson, oursJson, theirsJson] = [base.content, ours, theirs.content].map(parseJson);
  if (baseJson === undefined || oursJson === undefined || theirsJson === undefined) {
    // Not JSON (a hand edit broke it): merged as text, like any other file.
    return writeMerge(tree, path, base.content, ours, theirs.content, labels)[0];
  }
  const merged = mergeJson(baseJson, oursJson, theirsJson);
  let value: Json = merged.value ?? {};
  const pending = conflictsElsewhere || merged.conflicts.length > 0 ? to : undefined;
  if (pending) {
    value = withValueAt(
      value,
      "shipyard.templateVersion",
      valueAt(oursJson, "shipyard.templateVersion") ?? null,
    );
    value = withValueAt(value, "shipyard.upgradingTo", pending);
  }
  let content = formatJson(value);
  if (merged.conflicts.length > 0) {
    // Three renderings that differ only at the conflicting keys: the text merge marks exactly those.
    const side = (json: Json) =>
      formatJson(
        merged.conflicts.reduce<Json>(
          (acc, key) => withValueAt(acc, key, valueAt(json, key)),
          value,
        ),
      );
    content = mergeText(side(baseJson), content, side(theirsJson), labels).content;
  }
  if (content === ours.toString("utf8")) return undefined;
  if (content === theirs.content.toString("utf8") || merged.conflicts.length === 0) {
    const same = content === theirs.content.toString("utf8") ? theirs.content : content;
    tree.write(path, same);
    return { path, action: "updated" };
  }
  tree.write(path, content);
  return {
    path,
    action: "conflict",
    note: `you and the template both changed ${merged.conflicts.join(", ")}, marked`,
  };
}

function runMigrations(
  context: UpgradeContext,
  service: { root: string; name: string; org: string; answers: Record<string, unknown> },
  from: string,
  to: string,
): MigrationOutcome[] {
  return migrationsBetween(from, to, context.migrations).map((migration) => ({
    migration: `${migration.version}/${migration.name}`,
    ...migration.migrate(context.tree, service),
  }));
}

function parseJson(content: Buffer): Json | undefined {
  try {
    return JSON.parse(content.toString("utf8")) as Json;
  } catch {
    return undefined;
  }
}

function withoutKeys(values: Record<string, unknown>, keys: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !(key in keys)));
}
