// @ts-check
/** Nx's entry to the `run` executor (executors.json): `src/executors/run/executor.ts`, compiled (see ../compiled.cjs). */
module.exports = require("../compiled.cjs").loadCompiled(
  "src/executors/run/executor.ts",
  "run-executor",
);
