/**
 * `@acme/platform`: the Shipyard Nx plugin. Nx loads this module for the `plugins` entry in
 * `nx.json`; generators are declared in `generators.json`.
 */
export { createNodes } from "./plugin/create-nodes";
export type { PlatformPluginOptions } from "./plugin/options";
export const name = "@acme/platform";
