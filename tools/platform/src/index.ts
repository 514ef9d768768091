/**
 * `@acme/platform`: the Shipyard Nx plugin. Nx loads this module for the `plugins` entry in
 * `nx.json`; generators are declared in `generators.json`, executors in `executors.json`.
 */
export { createNodes, createNodesV2 } from "./plugin/create-nodes";
export type { PlatformPluginOptions } from "./plugin/options";
export const name = "@acme/platform";
