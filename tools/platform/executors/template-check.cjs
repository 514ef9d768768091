// @ts-check
/** Nx's entry to the `template-check` executor (executors.json): `src/executors/template-check/executor.ts`, compiled (see ../compiled.cjs). */
module.exports = require("../compiled.cjs").loadCompiled(
  "src/executors/template-check/executor.ts",
  "template-check-executor",
);
