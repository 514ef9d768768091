// @ts-check
/** Nx's entry to the `typecheck` executor's batch implementation (executors.json): `src/executors/typecheck/batch.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(
  __dirname,
  "src/executors/typecheck/batch.ts",
  "typecheck-batch",
);
