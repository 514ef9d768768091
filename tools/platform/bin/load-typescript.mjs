// @ts-check
/**
 * The bins are thin launchers of TypeScript modules (src/**). Node 20 cannot run TypeScript, so
 * they load it through tsx. tsx's CommonJS hook runs in this thread; its ESM hook
 * (`tsx/esm/api`) starts a loader thread, which made every start about 0.4 s slower on a busy
 * machine (bench/bin-startup.mjs). Node >= 20.19 requires ES modules, so the `.mts` sources load
 * either way.
 */
import { createRequire } from "node:module";
import { register } from "tsx/cjs/api";

register();

/** The TypeScript module at `path`, relative to the bin folder. */
export const loadTypeScript = createRequire(import.meta.url);
