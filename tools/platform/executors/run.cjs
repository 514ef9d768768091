// @ts-check
/** Nx's entry to the `run` executor (executors.json): `src/executors/run/executor.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(
  __dirname,
  "src/executors/run/executor.ts",
  "run-executor",
);
