// @ts-check
/** Nx's entry to the `consumer` generator (generators.json): `src/generators/consumer/generator.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(
  __dirname,
  "src/generators/consumer/generator.ts",
  "generator-consumer",
  // hygen (render, injector, EJS...) as part of the one file: it loads without resolving ~120 modules.
  // `import()` (of @nx/devkit and @clack/prompts) as `require`: the copy starts from V8's code cache.
  { inline: ["hygen"], importAsRequire: true },
);
