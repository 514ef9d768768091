/**
 * The evaluation artifact: one evaluation of a service for a stage, kept as
 * `<appDir>/.sst/offline/<stage>.json` (`@acme/contract`'s `layout.evaluationsDir`) so that the
 * build, the plan, the link types, the platform check and the infra tests read it instead of
 * evaluating again.
 *
 * An artifact is read only while its key still matches: a hash of every file the evaluation read
 * (the config and what it imports, workspace packages, the platform's source, handler files),
 * the names in the folders of the service's own files (a new `infra.ts` next to `infra/` changes
 * what `./infra` resolves to), the `package.json` and `tsconfig.json` files from those folders up
 * to the workspace root (exports and paths change resolution), the platform's version and
 * provider lock, the runner's own build, the stage and `$dev`, and the value of every environment
 * variable the evaluation read (the config's `process.env.X`, SST's and Pulumi's own settings).
 * The artifact records the names only, never the values (they may be secrets).
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { findWorkspaceRoot, HANDLER_EXTENSIONS, layout } from "@acme/contract";
import type { Platform } from "./platform.js";
import type { EnvironmentReads } from "./runner/environment.js";
import type { Evaluation } from "./types.js";

/** Bumped when the artifact's format or the key's recipe changes: older artifacts are ignored. */
export const ARTIFACT_FORMAT = 1;

/** What identifies one evaluation besides its input files. */
export interface ArtifactScope {
  /** The service folder (of `sst.config.ts`). */
  appDir: string;
  stage: string;
  dev: boolean;
  platform: Platform;
  /** The compiled runner (its file name carries the hash of the runner's sources). */
  runner: string;
}

/** The file as written. */
export interface EvaluationArtifact {
  format: number;
  /** The key (see the module comment) when the evaluation was made. */
  key: string;
  stage: string;
  dev: boolean;
  /** The files the evaluation read, relative to the app folder (so a restored cache still matches). */
  inputs: string[];
  /** The environment variables the evaluation read (their values are in the key only). */
  environment: string[];
  evaluation: Evaluation;
}

/** Where the artifact of `stage` lives: `<appDir>/.sst/offline/<stage>[.dev].json`. */
export function artifactPath(appDir: string, stage: string, dev: boolean): string {
  return join(appDir, layout.evaluationsDir, `${stage}${dev ? ".dev" : ""}.json`);
}

/** The evaluation kept for `scope`, if there is one and nothing it was made from has changed. */
export function readFreshArtifact(scope: ArtifactScope): Evaluation | undefined {
  const file = artifactPath(scope.appDir, scope.stage, scope.dev);
  let artifact: EvaluationArtifact;
  try {
    artifact = JSON.parse(readFileSync(file, "utf8")) as EvaluationArtifact;
  } catch {
    return undefined;
  }
  if (artifact.format !== ARTIFACT_FORMAT || !Array.isArray(artifact.inputs)) return undefined;
  if (!Array.isArray(artifact.environment)) return undefined;
  const inputs = artifact.inputs.map((input) => resolve(scope.appDir, input));
  const key = artifactKey(scope, inputs, currentValues(artifact.environment));
  return key !== undefined && key === artifact.key ? artifact.evaluation : undefined;
}

/**
 * Keeps `evaluation` for `scope`; `inputs` are the files it read (absolute). Written through a
 * temporary file and a rename, so a concurrent reader sees the old artifact or the new one.
 * Returns the file written, or undefined when an input is already gone (nothing is kept then).
 */
export function writeArtifact(
  scope: ArtifactScope,
  evaluation: Evaluation,
  inputs: readonly string[],
  environment: EnvironmentReads,
): string | undefined {
  const unique = [...new Set(inputs)];
  const key = artifactKey(scope, unique, environment);
  if (key === undefined) return undefined;
  const file = artifactPath(scope.appDir, scope.stage, scope.dev);
  const artifact: EvaluationArtifact = {
    format: ARTIFACT_FORMAT,
    key,
    stage: scope.stage,
    dev: scope.dev,
    inputs: unique.map((input) => relative(scope.appDir, input)).sort(),
    environment: Object.keys(environment).sort(),
    evaluation,
  };
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(artifact)}\n`);
  renameSync(temporary, file);
  return file;
}

/** The values the variables `names` have in this process (null: not set). */
export function currentValues(names: readonly string[]): EnvironmentReads {
  return Object.fromEntries(names.map((name) => [name, process.env[name] ?? null]));
}

/**
 * The key of an evaluation of `scope` that read the files `inputs` and the variables
 * `environment`; undefined when one of the files is gone.
 */
export function artifactKey(
  scope: ArtifactScope,
  inputs: readonly string[],
  environment: EnvironmentReads,
): string | undefined {
  const hash = createHash("sha256");
  const add = (label: string, value: string | Buffer) => {
    hash.update(`${label}\0${value.length}\0`).update(value).update("\0");
  };
  add("format", String(ARTIFACT_FORMAT));
  add("stage", scope.stage);
  add("dev", String(scope.dev));
  add("runner", basename(scope.runner));
  add("platform", scope.platform.version);
  add("providers", JSON.stringify(scope.platform.providers));
  for (const name of Object.keys(environment).sort()) {
    add(`env ${name}`, JSON.stringify(environment[name] ?? null));
  }
  const files = [...new Set([...inputs, ...resolutionFiles(scope, inputs)])].sort();
  for (const file of files) {
    const contents = readOrUndefined(file);
    if (contents === undefined) return undefined;
    add(`file ${relative(scope.appDir, file)}`, contents);
  }
  for (const dir of ownFolders(scope, inputs)) {
    add(`folder ${relative(scope.appDir, dir)}`, listing(dir));
  }
  return hash.digest("hex");
}

/** The folders of the inputs that are the workspace's own code (not the platform, not node_modules). */
function ownFolders(scope: ArtifactScope, inputs: readonly string[]): string[] {
  const platform = scope.platform.dir + sep;
  const folders = inputs
    .filter((input) => isAbsolute(input) && !input.startsWith(platform))
    .filter((input) => !input.split(sep).includes("node_modules"))
    .map((input) => dirname(input));
  return [...new Set(folders)].sort();
}

/** `package.json` and `tsconfig*.json` files from each own folder up to the workspace root. */
function resolutionFiles(scope: ArtifactScope, inputs: readonly string[]): string[] {
  const root = findWorkspaceRoot(scope.appDir) ?? scope.appDir;
  const files = new Set<string>();
  const seen = new Set<string>();
  for (const start of ownFolders(scope, inputs)) {
    for (let dir = start; !seen.has(dir); dir = dirname(dir)) {
      seen.add(dir);
      for (const name of ["package.json", "tsconfig.json", "tsconfig.base.json"]) {
        if (existsSync(join(dir, name))) files.add(join(dir, name));
      }
      if (dir === root || dirname(dir) === dir || relative(root, dir).startsWith("..")) break;
    }
  }
  return [...files];
}

/** Folders that module resolution never reaches here: build output, dependencies, tool state. */
const UNRESOLVED_FOLDERS = new Set(["node_modules", "dist", "coverage"]);
const RESOLVABLE_FILES = [...HANDLER_EXTENSIONS, ".json"];

/**
 * The names in `dir` that an import could resolve to: folders (an `index` file) and code or JSON
 * files. Hidden entries (`.sst`, `.local`), build output and declarations (`sst-env.d.ts`) are left
 * out, so writing them does not make the artifact stale.
 */
function listing(dir: string): string {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => !entry.name.startsWith("."))
      .filter((entry) =>
        entry.isDirectory()
          ? !UNRESOLVED_FOLDERS.has(entry.name)
          : !entry.name.endsWith(".d.ts") &&
            RESOLVABLE_FILES.some((extension) => entry.name.endsWith(extension)),
      )
      .map((entry) => `${entry.name}${entry.isDirectory() ? "/" : ""}`)
      .sort()
      .join("\n");
  } catch {
    return "<missing>";
  }
}

function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
