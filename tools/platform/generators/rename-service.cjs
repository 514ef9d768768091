// @ts-check
/** Nx's entry to the `rename-service` generator (generators.json): `src/generators/rename-service/generator.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(
  __dirname,
  "src/generators/rename-service/generator.ts",
  "generator-rename-service",
  // hygen (render, injector, EJS...) as part of the one file: it loads without resolving ~120 modules.
  // `import()` (of @nx/devkit and @clack/prompts) as `require`: the copy starts from V8's code cache.
  { inline: ["hygen"], importAsRequire: true },
);
