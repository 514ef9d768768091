// @ts-check
/** Nx's entry to the `test` executor (executors.json): `src/executors/test/executor.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(
  __dirname,
  "src/executors/test/executor.ts",
  "test-executor",
);
