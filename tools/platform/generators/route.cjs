// @ts-check
/** Nx's entry to the `route` generator (generators.json): `src/generators/route/generator.ts`, compiled (see ../compiled.cjs). */
module.exports = require("../compiled.cjs").loadCompiled(
  "src/generators/route/generator.ts",
  "generator-route",
);
