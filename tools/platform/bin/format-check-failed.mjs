#!/usr/bin/env node
// @ts-check
/**
 * Run by the `format-check` targets after `biome format` fails (`biome format . || node
 * .../format-check-failed.mjs`): Biome shows the differences but not the command that fixes them.
 * Exits 1, so the check still fails.
 */
console.error(
  "✗ Not formatted as Biome writes it (the differences are above). To fix it, run `npm run format` at the workspace root (every file), or `npx biome format --write <file>` (one file).",
);
process.exit(1);
