// @ts-check
/** Nx's entry to the `typecheck` executor (executors.json): `src/executors/typecheck/executor.ts`, compiled (see ../compiled.cjs). */
module.exports = require("../compiled.cjs").loadCompiled(
  "src/executors/typecheck/executor.ts",
  "typecheck-executor",
);
