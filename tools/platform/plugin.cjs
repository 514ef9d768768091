// @ts-check
/** Nx's entry to this plugin (package.json "main"): `src/index.ts`, compiled (see compiled.cjs). */
module.exports = require("./compiled.cjs").loadCompiled("src/index.ts", "plugin");
