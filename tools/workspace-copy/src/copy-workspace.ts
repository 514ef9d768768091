import { spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { layout, requireWorkspaceRoot } from "@acme/contract";

/** The workspace this module belongs to: what is copied unless `from` says otherwise. */
export const sourceWorkspace = requireWorkspaceRoot(dirname(fileURLToPath(import.meta.url)));

/**
 * How a copy gets its node_modules (the folder of `modulesFrom`):
 * - `link`: one link to the folder. Fast; the copy's workspace packages (`@acme/*`) and bins are
 *   the source's, which suits commands that only read them.
 * - `own`: a folder of links, one per entry, with the workspace packages linked to the copy's own
 *   folders and `.bin` made anew, so that the copy's bins run the copy's code (what a benchmark
 *   that edits the copy's packages, or copies another commit, needs).
 * - `own-with-source-bins`: the same, but `.bin` is a link to the source's, whose bins resolve in
 *   the source (their links are relative): the workspace's own bins run the source's code.
 * - `none`: no node_modules and no SST platform link: the caller installs the copy itself (a
 *   commit whose dependencies differ from the source's).
 */
export type NodeModules = "link" | "own" | "own-with-source-bins" | "none";

export interface CopyOptions {
  /** The temporary folder's name starts with this (in the system's temporary directory). */
  prefix: string;
  /** The workspace (or an earlier copy) whose files are copied; default {@link sourceWorkspace}. */
  from?: string;
  /** Copy the files of this git commit of `from` (`git archive`) instead of its working files. */
  ref?: string;
  /**
   * `examples`: of the services in apps/, only the template's examples
   * (generators/service/examples.json), so that what a test sees does not change when a team adds
   * services. Default `all`. Working files only (not with `ref`).
   */
  services?: "all" | "examples";
  /** Default `link`. */
  nodeModules?: NodeModules;
  /** The workspace whose node_modules the copy links to; default `from`. */
  modulesFrom?: string;
  /**
   * Link packages/infra/.sst to `modulesFrom`'s shared SST platform install, when it has one.
   * Default true.
   */
  sstPlatform?: boolean;
  /** Edits the copy's nx.json (parsed), before `prepare` and the commit. */
  editNxJson?: (nxJson: NxJson) => void;
  /** Anything else the copy needs before its first commit (files added or edited). */
  prepare?: (root: string) => void;
  /** A first commit of everything (git add -A), so that a test can see what a command changed. */
  commit?: { message: string; author: string };
}

export interface NxJson {
  plugins?: unknown[];
  [key: string]: unknown;
}

/**
 * Copies a workspace into a new temporary folder, as a git repository on `main`, and returns the
 * folder. The files are the tracked and untracked ones that git does not ignore (or a commit's);
 * node_modules and the shared SST platform install are links, not copies: they are large. If a
 * step fails, the folder is removed and the error thrown.
 */
export function copyWorkspace(options: CopyOptions): string {
  const from = resolve(options.from ?? sourceWorkspace);
  if (options.ref && options.services === "examples") {
    throw new Error(
      'copyWorkspace: `services: "examples"` filters working files and cannot be combined with `ref`; drop one of them.',
    );
  }
  const root = mkdtempSync(join(tmpdir(), options.prefix));
  try {
    extract(root, options.ref ? archiveOf(from, options.ref) : workingFiles(from, options));
    const modulesFrom = resolve(options.modulesFrom ?? from);
    const nodeModules = options.nodeModules ?? "link";
    if (nodeModules !== "none") {
      linkNodeModules(root, modulesFrom, nodeModules);
      if (options.sstPlatform ?? true) linkSstPlatform(root, modulesFrom);
    }
    git(root, "init", "-q", "-b", "main");
    if (options.editNxJson) editNxJson(root, options.editNxJson);
    options.prepare?.(root);
    if (options.commit) commitAll(root, options.commit.message, options.commit.author);
    return root;
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Commits everything in a copy, as `author` (`<author>@example.com`); returns the commit. Nothing
 * to commit is an error unless `allowEmpty`.
 */
export function commitAll(
  root: string,
  message: string,
  author: string,
  { allowEmpty = false } = {},
): string {
  git(root, "add", "-A");
  const identity = ["-c", `user.name=${author}`, "-c", `user.email=${author}@example.com`];
  const empty = allowEmpty ? ["--allow-empty"] : [];
  git(root, ...identity, "commit", "-q", ...empty, "-m", message);
  return git(root, "rev-parse", "HEAD").trim();
}

/** Removes a copy. */
export function removeCopy(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

/** The paths a copy links rather than copies; an earlier copy lists them as untracked files. */
const LINKED = ["node_modules", join(layout.platformProjectRoot, ".sst")];

/** A tar of `from`'s tracked and untracked, not ignored, files that exist. */
function workingFiles(from: string, options: CopyOptions): Buffer {
  const examples = options.services === "examples" ? exampleServices(from) : undefined;
  const files = git(from, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    .split("\0")
    .filter((file) => file && !LINKED.includes(file) && existsSync(join(from, file)))
    .filter((file) => examples === undefined || !isOtherService(file, examples));
  return run("tar", ["-cf", "-", "--null", "-T", "-"], from, files.join("\0"));
}

function archiveOf(from: string, ref: string): Buffer {
  return run("git", ["archive", "--format=tar", ref], from);
}

function extract(root: string, tar: Buffer) {
  run("tar", ["-xf", "-"], root, tar);
}

function exampleServices(from: string): string[] {
  const file = join(from, layout.generatorsDir, "service", "examples.json");
  return (JSON.parse(readFileSync(file, "utf8")) as { examples: string[] }).examples;
}

function isOtherService(file: string, examples: string[]): boolean {
  const [top, service, ...rest] = file.split("/");
  return top === layout.servicesDir && rest.length > 0 && !examples.includes(service ?? "");
}

function linkNodeModules(root: string, modulesFrom: string, mode: Exclude<NodeModules, "none">) {
  const modules = join(modulesFrom, "node_modules");
  if (mode === "link") {
    symlinkSync(modules, join(root, "node_modules"));
    return;
  }
  const scope = workspaceScope(modulesFrom);
  mkdirSync(join(root, "node_modules", scope), { recursive: true });
  for (const entry of readdirSync(modules)) {
    if (entry === scope || (entry === ".bin" && mode === "own")) continue;
    symlinkSync(join(modules, entry), join(root, "node_modules", entry));
  }
  if (mode === "own") remakeBins(root, modules);
  linkWorkspacePackages(root, modulesFrom, scope);
}

/**
 * The bins' links are relative (`../@acme/policy/bin/...`): made again inside the copy, the
 * workspace's own bins are the copy's, not the source's.
 */
function remakeBins(root: string, modules: string) {
  mkdirSync(join(root, "node_modules", ".bin"));
  for (const entry of readdirSync(join(modules, ".bin"))) {
    symlinkSync(
      readlinkSync(join(modules, ".bin", entry)),
      join(root, "node_modules", ".bin", entry),
    );
  }
}

/** Links `<scope>/<name>` to the copy's folder of each workspace package the copy has. */
function linkWorkspacePackages(root: string, modulesFrom: string, scope: string) {
  const packages = join(modulesFrom, "node_modules", scope);
  for (const entry of readdirSync(packages)) {
    const link = join(packages, entry);
    if (!lstatSync(link).isSymbolicLink()) continue;
    const inCopy = join(root, relative(modulesFrom, resolve(dirname(link), readlinkSync(link))));
    if (existsSync(join(inCopy, "package.json"))) {
      symlinkSync(inCopy, join(root, "node_modules", scope, entry));
    }
  }
}

/** The npm scope of the workspace's packages: that of its root package (`@acme/source`). */
function workspaceScope(workspace: string): string {
  const { name } = JSON.parse(readFileSync(join(workspace, "package.json"), "utf8")) as {
    name?: string;
  };
  const scope = name?.match(/^(@[^/]+)\//)?.[1];
  if (!scope) {
    throw new Error(
      `The root package.json of ${workspace} has no scoped name ("@scope/name"), which tells the workspace's packages apart; give it one.`,
    );
  }
  return scope;
}

function linkSstPlatform(root: string, modulesFrom: string) {
  const install = join(modulesFrom, layout.platformProjectRoot, ".sst");
  if (!existsSync(install)) return;
  mkdirSync(join(root, layout.platformProjectRoot), { recursive: true });
  symlinkSync(install, join(root, layout.platformProjectRoot, ".sst"));
}

function editNxJson(root: string, edit: (nxJson: NxJson) => void) {
  const path = join(root, "nx.json");
  const nxJson = JSON.parse(readFileSync(path, "utf8")) as NxJson;
  edit(nxJson);
  writeFileSync(path, `${JSON.stringify(nxJson, null, 2)}\n`);
}

function git(cwd: string, ...args: string[]): string {
  return run("git", args, cwd).toString("utf8");
}

/** Runs a command without a shell; throws with its error output when it fails. */
function run(command: string, args: string[], cwd: string, input?: string | Buffer): Buffer {
  const result = spawnSync(command, args, { cwd, input, maxBuffer: 1024 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    // git says some failures (nothing to commit) on its standard output; tar's is the archive.
    const said =
      result.stderr.toString("utf8").trim() || result.stdout.toString("utf8", 0, 2000).trim();
    throw new Error(
      `${command} ${args.join(" ")} (in ${cwd}) failed with exit ${result.status}: ${said}`,
    );
  }
  return result.stdout;
}
