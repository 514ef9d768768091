// @ts-check
/** Nx's entry to the `template-check` executor (executors.json): `src/executors/template-check/executor.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(
  __dirname,
  "src/executors/template-check/executor.ts",
  "template-check-executor",
);
