// @ts-check
/** Nx's entry to the `typecheck` executor (executors.json): `src/executors/typecheck/executor.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(
  __dirname,
  "src/executors/typecheck/executor.ts",
  "typecheck-executor",
);
