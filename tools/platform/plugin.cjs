// @ts-check
/** Nx's entry to this plugin (package.json "main"): `src/index.ts`, compiled (see @acme/compiled). */
module.exports = require("@acme/compiled").loadCompiled(__dirname, "src/index.ts", "plugin");
