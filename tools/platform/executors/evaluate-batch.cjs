// @ts-check
/** Nx's entry to the `evaluate` executor's batch implementation (executors.json): `src/executors/evaluate/batch.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(
  __dirname,
  "src/executors/evaluate/batch.ts",
  "evaluate-batch",
);
