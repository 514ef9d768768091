/**
 * An entry that imports an ESM-only package when it runs, as the generators' prompter does
 * (`loader.test.ts` compiles it into a data directory outside the workspace).
 */
export const loadPrompts = () => import("@clack/prompts");
