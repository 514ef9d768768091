// @ts-check
/** Nx's entry to the `template-check` executor's batch implementation (executors.json): `src/executors/template-check/batch.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(
  __dirname,
  "src/executors/template-check/batch.ts",
  "template-check-batch",
);
