import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { isAbsolute, join, normalize, sep } from "node:path";
import type { Tree } from "@nx/devkit";
import type { RenderedAction } from "hygen/dist/types";
import { hygenInjector, hygenRender } from "./hygen";

/**
 * Renders hygen templates (`<templates>/<generator>/<action>/*.ejs.t`) with hygen's own render
 * (frontmatter + EJS) and injector, and applies the result to an Nx `Tree` instead of the disk.
 * So a generator built on it gets Nx's dry run, its atomic write and its change list, while the
 * templates stay plain hygen templates that the `hygen` CLI renders to the same bytes.
 *
 * Frontmatter understood, as hygen 6.2.11 does:
 * - `to`: the file, relative to the workspace root. Empty after rendering: the template is
 *   skipped (how a template opts out for some answers).
 * - without `inject`: add the file. An existing file is an error unless `force: true`;
 *   `unless_exists: true` keeps the existing file; `skip_if: true` (rendered) skips it;
 *   `from`: body read from a file relative to the templates folder.
 * - `inject: true`: insert the body into the existing file through hygen's injector
 *   (`before`, `after`, `prepend`, `append`, `at_line`, `eof_last`); `skip_if` (a regular
 *   expression) leaves the file as it is when it matches, which makes injection idempotent.
 * - `sh`: NOT run here. Returned in {@link RenderResult.shell} for the generator's callback, so
 *   a dry run never runs anything. Run them with {@link runShellActions}.
 * - `echo` and `message`: collected in {@link RenderResult.messages}.
 * - `setup` (degit) is not supported.
 */
export interface RenderOptions {
  /** The templates folder (hygen's `HYGEN_TMPLS`), e.g. `<workspace>/generators`. */
  templates: string;
  /** The generator folder inside it, e.g. `service`. */
  generator: string;
  /** The action folder inside the generator, e.g. `new`. */
  action: string;
  /** Only template files whose path (inside the action folder) matches, as hygen's `action:sub`. */
  subaction?: string;
  /** The template variables (hygen's locals), e.g. `{ name: "orders" }`. */
  variables: Record<string, unknown>;
  /** Extra helpers, available as `h.<name>` next to hygen's own. */
  helpers?: Record<string, unknown>;
}

export type FileStatus = "added" | "forced" | "injected" | "unchanged" | "skipped";

export interface FileResult {
  /** Workspace-relative path of the file. */
  path: string;
  status: FileStatus;
  /** The template file that produced it. */
  template: string;
}

export interface ShellAction {
  /** The command, run with a shell in the workspace root. */
  command: string;
  /** The rendered template body, given to the command on stdin (as hygen does). */
  input: string;
  /** `sh_ignore_exit: true`: a failing command does not fail the generator. */
  ignoreExit: boolean;
  template: string;
}

export interface RenderResult {
  files: FileResult[];
  shell: ShellAction[];
  messages: string[];
}

/** An error in a template or in what it would do to the workspace; the message says the fix. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TemplateError";
  }
}

/**
 * Variable names EJS reads as its own options when they come with the data (ejs 3.1,
 * `_OPTS_PASSABLE_WITH_DATA`), plus the arguments hygen's render sets itself.
 */
export const RESERVED_VARIABLES = [
  "delimiter",
  "scope",
  "context",
  "debug",
  "compileDebug",
  "client",
  "_with",
  "rmWhitespace",
  "strict",
  "filename",
  "async",
  "templates",
  "generator",
  "action",
  "actionfolder",
  "subaction",
  "attributes",
  "h",
] as const;

/** Render the templates of `<templates>/<generator>/<action>` with hygen's own render. */
export async function renderTemplates(options: RenderOptions): Promise<RenderedAction[]> {
  const clashes = RESERVED_VARIABLES.filter((key) => key in options.variables);
  if (clashes.length > 0) {
    throw new TemplateError(
      `Template variables ${clashes.map((key) => `"${key}"`).join(", ")} clash with names EJS or hygen use themselves; rename them (e.g. "org" instead of "scope").`,
    );
  }
  const actionfolder = join(options.templates, options.generator, options.action);
  const args = {
    ...options.variables,
    templates: options.templates,
    generator: options.generator,
    action: options.action,
    actionfolder,
    subaction: options.subaction,
  };
  return hygenRender(args, { helpers: options.helpers ?? {} });
}

/**
 * Apply rendered actions to the tree, in order (hygen renders every template before running any,
 * and so does this: `skip_if` of an injection sees the files written by the templates before it).
 * Throws a {@link TemplateError} before writing anything more when an action cannot be applied;
 * the tree then holds partial changes, so callers must not flush it (Nx does not on error).
 */
export function applyActions(
  tree: Tree,
  actions: RenderedAction[],
  templates: string,
): RenderResult {
  const result: RenderResult = { files: [], shell: [], messages: [] };
  for (const action of actions) {
    const attributes = action.attributes as Record<string, unknown>;
    const template = action.file ?? "<template>";
    if (typeof attributes.message === "string" && attributes.message !== "") {
      result.messages.push(attributes.message);
    }
    if (attributes.setup) {
      throw new TemplateError(`${template}: "setup" (degit) is not supported in Nx generators.`);
    }
    const to = attributes.to;
    if (typeof to === "string" && to.trim() !== "") {
      const path = workspacePath(to.trim(), template);
      result.files.push(
        attributes.inject
          ? inject(tree, action, path, template)
          : add(tree, action, path, template, templates),
      );
    }
    if (typeof attributes.echo === "string" && attributes.echo !== "") {
      result.messages.push(attributes.echo);
    }
    if (typeof attributes.sh === "string" && attributes.sh !== "") {
      result.shell.push({
        command: attributes.sh,
        input: action.body,
        ignoreExit: attributes.sh_ignore_exit === true,
        template,
      });
    }
  }
  return result;
}

/** Render and apply in one go: what a generator calls. */
export async function renderIntoTree(tree: Tree, options: RenderOptions): Promise<RenderResult> {
  return applyActions(tree, await renderTemplates(options), options.templates);
}

/**
 * Run the `sh` actions collected by {@link applyActions}, in order, in `cwd` (the workspace
 * root). Call it from the generator's callback, which Nx skips on `--dry-run`.
 */
export function runShellActions(
  actions: ShellAction[],
  cwd: string,
  run: (action: ShellAction) => number = spawnShell(cwd),
): void {
  for (const action of actions) {
    const status = run(action);
    if (status !== 0 && !action.ignoreExit) {
      throw new Error(
        `"${action.command}" (from ${action.template}) failed with exit code ${status}. ` +
          "Fix the cause and run it again by hand; the generated files are already written.",
      );
    }
  }
}

function spawnShell(cwd: string) {
  return (action: ShellAction): number => {
    const child = spawnSync(action.command, {
      cwd,
      shell: true,
      input: action.input.length > 0 ? action.input : undefined,
      stdio: [action.input.length > 0 ? "pipe" : "ignore", "inherit", "inherit"],
    });
    return child.status ?? 1;
  };
}

/** `to` as a tree path: relative, normalised, inside the workspace. */
function workspacePath(to: string, template: string): string {
  const path = normalize(to).split(sep).join("/");
  if (isAbsolute(to) || path === ".." || path.startsWith("../")) {
    throw new TemplateError(
      `${template}: "to: ${to}" is outside the workspace. Write paths relative to the workspace root, e.g. "apps/<%= name %>/README.md".`,
    );
  }
  return path.replace(/^\.\//, "");
}

function add(
  tree: Tree,
  action: RenderedAction,
  path: string,
  template: string,
  templates: string,
): FileResult {
  const { unless_exists, force, skip_if, from } = action.attributes as Record<string, unknown>;
  const exists = tree.exists(path);
  if (exists && !force && unless_exists === true) return { path, status: "skipped", template };
  if (exists && !force) {
    throw new TemplateError(
      `${path} already exists, and ${template} would overwrite it. Remove or rename the file, or, if the template should own it, add "force: true" (or "unless_exists: true" to keep the existing file) to the template's frontmatter.`,
    );
  }
  if (skip_if === "true") return { path, status: "skipped", template };
  const body =
    typeof from === "string" && from !== ""
      ? readFileSync(join(templates, from), "utf8")
      : action.body;
  tree.write(path, body);
  return { path, status: force ? "forced" : "added", template };
}

function inject(tree: Tree, action: RenderedAction, path: string, template: string): FileResult {
  const content = tree.read(path, "utf-8");
  if (content === null) {
    throw new TemplateError(
      `${template} injects into ${path}, which does not exist. Create it first, e.g. with a template that has "to: ${path}" and "unless_exists: true", sorted before this one.`,
    );
  }
  const injected = hygenInjector(action, content);
  if (injected === content) return { path, status: "unchanged", template };
  tree.write(path, injected);
  return { path, status: "injected", template };
}
