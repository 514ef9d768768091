/**
 * hygen's render and injector, imported from its `dist` folder: hygen has no exports map and no
 * API for rendering without writing, so these are deep imports of hygen 6.2.11, which the
 * workspace pins exactly. A hygen upgrade must keep `engine.test.ts` (which compares with the
 * hygen CLI) green.
 */
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
