// @ts-check
/** Nx's entry to the `upgrade` generator (generators.json): `src/generators/upgrade/generator.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(
  __dirname,
  "src/generators/upgrade/generator.ts",
  "generator-upgrade",
  // hygen (render, injector, EJS...) as part of the one file: it loads without resolving ~120 modules.
  // `import()` (of @nx/devkit and @clack/prompts) as `require`: the copy starts from V8's code cache.
  { inline: ["hygen"], importAsRequire: true },
);
