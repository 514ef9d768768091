// @ts-check
/** Nx's entry to the `test` executor's batch implementation (executors.json): `src/executors/test/batch.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(
  __dirname,
  "src/executors/test/batch.ts",
  "test-batch",
);
