// @ts-check
/** Nx's entry to the `upgrade` generator (generators.json): `src/generators/upgrade/generator.ts`, compiled (see ../compiled.cjs). */
module.exports = require("../compiled.cjs").loadCompiled(
  "src/generators/upgrade/generator.ts",
  "generator-upgrade",
);
