// @ts-check
/** Nx's entry to the `run-batched` executor's batch implementation (executors.json): `src/executors/run/batch.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(
  __dirname,
  "src/executors/run/batch.ts",
  "run-batch",
);
