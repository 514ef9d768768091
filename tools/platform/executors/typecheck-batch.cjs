// @ts-check
/** Nx's entry to the `typecheck` executor's batch implementation (executors.json): `src/executors/typecheck/batch.ts`, compiled (see ../compiled.cjs). */
module.exports = require("../compiled.cjs").loadCompiled(
  "src/executors/typecheck/batch.ts",
  "typecheck-batch",
);
