import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { Tree } from "@nx/devkit";
import type { RenderedAction } from "hygen/dist/types";
import { TEMPLATE_ACTION, TEMPLATE_ID } from "../generators/service/variables";
import { renderTemplates, TemplateError } from "../hygen";
import { archivedVersions, TEMPLATE_ARCHIVE } from "./template-config";

/** A file a template renders, keyed by the template file that renders it. */
export interface RenderedFile {
  template: string;
  path: string;
  content: Buffer;
}

/** A line a template injects into a shared file (the service's CODEOWNERS entry). */
export interface RenderedInjection {
  template: string;
  path: string;
  line: string;
  /** Whether a line of the file is this service's entry (the template's `skip_if`). */
  isEntry: (line: string) => boolean;
  action: RenderedAction;
}

/** What one template version renders for one service's answers. */
export interface RenderedVersion {
  version: string;
  files: RenderedFile[];
  injections: RenderedInjection[];
  /** Shared files a template creates only when missing (CODEOWNERS): never merged. */
  createdIfMissing: RenderedFile[];
}

/**
 * Renders archived template versions (`generators/service/versions/<version>/`). The archive is
 * read from the tree, so a dry run, a test's virtual tree and an uncommitted archive all work; it
 * is copied to a scratch folder once per version because hygen's render reads from disk.
 */
export class TemplateRenderer {
  private readonly folders = new Map<string, string>();
  private scratch: string | undefined;

  constructor(private readonly tree: Tree) {}

  async render(version: string, variables: Record<string, unknown>): Promise<RenderedVersion> {
    const templates = this.templatesOf(version);
    let actions: RenderedAction[];
    try {
      actions = await renderTemplates({
        templates,
        generator: TEMPLATE_ID,
        action: TEMPLATE_ACTION,
        variables,
      });
    } catch (error) {
      const missing = /(\w+) is not defined/.exec(String((error as Error).message))?.[1];
      if (missing) throw new MissingAnswerError(missing, version);
      throw error;
    }
    return classify(version, actions);
  }

  /** Removes the scratch copies. */
  dispose(): void {
    if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
    this.scratch = undefined;
    this.folders.clear();
  }

  private templatesOf(version: string): string {
    const known = this.folders.get(version);
    if (known) return known;
    const source = `${TEMPLATE_ARCHIVE}/${version}`;
    if (!this.tree.exists(source) || this.tree.isFile(source)) {
      throw new MissingVersionError(version, archivedVersions(this.tree));
    }
    this.scratch ??= mkdtempSync(join(tmpdir(), "shipyard-templates-"));
    const templates = join(this.scratch, version);
    const actionFolder = join(templates, TEMPLATE_ID, TEMPLATE_ACTION);
    for (const file of filesUnder(this.tree, source)) {
      const target = join(actionFolder, file.slice(source.length + 1));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, this.tree.read(file) ?? Buffer.alloc(0));
    }
    this.folders.set(version, templates);
    return templates;
  }
}

/** No archived template for a service's recorded version: the base of its upgrade is missing. */
export class MissingVersionError extends Error {
  constructor(
    readonly version: string,
    readonly available: string[],
  ) {
    super(
      `Template version ${version} is not in ${TEMPLATE_ARCHIVE}/ (it has ${available.join(", ") || "none"}): the upgrade needs it as the base of the three-way merge. Restore ${TEMPLATE_ARCHIVE}/${version}/ from the platform repository's history (git checkout <commit> -- ${TEMPLATE_ARCHIVE}/${version}), or, if the service really matches another archived version, set its package.json "shipyard.templateVersion" to that version.`,
    );
    this.name = "MissingVersionError";
  }
}

/** A template asks an answer the service's record lacks and template.json gives no default for. */
export class MissingAnswerError extends TemplateError {
  constructor(
    readonly answer: string,
    readonly version: string,
  ) {
    super(
      `Template version ${version} uses "${answer}", which the service's recorded answers (package.json "shipyard.answers") lack. Give it a default in generators/service/template.json "answerDefaults" (then every upgrade records it), or add it to the service's answers.`,
    );
    this.name = "MissingAnswerError";
  }
}

function filesUnder(tree: Tree, folder: string): string[] {
  return tree.children(folder).flatMap((name) => {
    const path = `${folder}/${name}`;
    return tree.isFile(path) ? [path] : filesUnder(tree, path);
  });
}

function classify(version: string, actions: RenderedAction[]): RenderedVersion {
  const rendered: RenderedVersion = { version, files: [], injections: [], createdIfMissing: [] };
  for (const action of actions) {
    const attributes = action.attributes as Record<string, unknown>;
    const to = typeof attributes.to === "string" ? attributes.to.trim() : "";
    if (to === "" || attributes.skip_if === "true") continue;
    const template = basename(action.file ?? to);
    const path = to.replace(/^\.\//, "");
    if (attributes.inject) {
      const skipIf = typeof attributes.skip_if === "string" ? attributes.skip_if : undefined;
      const line = action.body.replace(/\r?\n$/, "");
      rendered.injections.push({
        template,
        path,
        line,
        isEntry: (candidate) =>
          candidate === line || (skipIf !== undefined && new RegExp(skipIf).test(candidate)),
        action,
      });
    } else if (attributes.unless_exists === true) {
      rendered.createdIfMissing.push({ template, path, content: Buffer.from(action.body) });
    } else {
      rendered.files.push({ template, path, content: Buffer.from(action.body) });
    }
  }
  return rendered;
}
