// @ts-check
/** Nx's entry to the `resource` generator (generators.json): `src/generators/resource/generator.ts`, compiled (see ../compiled.cjs). */
module.exports = require("../compiled.cjs").loadCompiled(
  "src/generators/resource/generator.ts",
  "generator-resource",
  // hygen (render, injector, EJS...) as part of the one file: it loads without resolving ~120 modules.
  { inline: ["hygen"] },
);
