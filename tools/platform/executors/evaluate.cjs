// @ts-check
/** Nx's entry to the `evaluate` executor (executors.json): `src/executors/evaluate/executor.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(
  __dirname,
  "src/executors/evaluate/executor.ts",
  "evaluate-executor",
);
