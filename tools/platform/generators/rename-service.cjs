// @ts-check
/** Nx's entry to the `rename-service` generator (generators.json): `src/generators/rename-service/generator.ts`, compiled (see ../compiled.cjs). */
module.exports = require("../compiled.cjs").loadCompiled(
  "src/generators/rename-service/generator.ts",
  "generator-rename-service",
);
