/**
 * hygen's render and injector, imported from its `dist` folder: hygen has no exports map and no
 * API for rendering without writing, so these are deep imports of hygen 6.2.11, which the
 * workspace pins exactly. A hygen upgrade must keep `engine.test.ts` (which compares with the
 * hygen CLI) green.
 */
import * as helpersModule from "hygen/dist/helpers";
import * as injectorModule from "hygen/dist/ops/injector";
import * as renderModule from "hygen/dist/render";
import type { RenderedAction, RunnerConfig } from "hygen/dist/types";

type Render = (args: Record<string, unknown>, config: RunnerConfig) => Promise<RenderedAction[]>;
type Injector = (action: RenderedAction, content: string) => string;

/** The module's `default` export, whether the loader wrapped the CommonJS module or not. */
function defaultExport<T>(module: unknown): T {
  let value = module as { default?: unknown };
  while (typeof value !== "function" && value && "default" in value) {
    value = value.default as { default?: unknown };
  }
  if (typeof value !== "function")
    throw new Error("hygen's dist layout changed: no default export");
  return value as T;
}

/** `hygen/dist/render`: reads the action folder, parses frontmatter, renders EJS. */
export const hygenRender = defaultExport<Render>(renderModule);

/** `hygen/dist/ops/injector`: pure `(action, content) => content`. */
export const hygenInjector = defaultExport<Injector>(injectorModule);

/**
 * hygen's helpers (`h` in templates): `inflection` is the module hygen's context calls for every
 * attribute and body it renders, to add `names`/`Names` (the plural of `name`) to the locals.
 * `pluralize` runs inflection's ~60 plural rules (regular expressions) each time: about 300
 * calls and 5 ms of a service's render, for two distinct words. It is a pure function of its
 * arguments, so it is remembered per word: the same results, templates' `h.inflection.pluralize`
 * included (bench/README.md, "Service generator: the compiled copy's code cache, and the last
 * cuts").
 */
const { inflection } = hygenHelpers(helpersModule);
if (!(inflection.pluralize as { remembered?: true }).remembered) {
  const pluralize = inflection.pluralize.bind(inflection);
  const plurals = new Map<string, string>();
  inflection.pluralize = Object.assign(
    (word: string, plural?: string): string => {
      if (typeof word !== "string" || plural !== undefined) return pluralize(word, plural);
      let result = plurals.get(word);
      if (result === undefined) {
        result = pluralize(word);
        plurals.set(word, result);
      }
      return result;
    },
    { remembered: true as const },
  );
}

interface Inflection {
  pluralize(word: string, plural?: string): string;
}

/** `hygen/dist/helpers`' default export, whether the loader wrapped the CommonJS module or not. */
function hygenHelpers(module: unknown): { inflection: Inflection } {
  let value = module as Record<string, unknown> | undefined;
  while (value && !("inflection" in value) && "default" in value) {
    value = value.default as Record<string, unknown> | undefined;
  }
  const inflection = value?.inflection as Inflection | undefined;
  if (typeof inflection?.pluralize !== "function") {
    throw new Error("hygen's dist layout changed: no helpers.inflection.pluralize");
  }
  return { inflection };
}
