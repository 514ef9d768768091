import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * This package's folder. The bins run a compiled copy of the CLI (@acme/compiled): CommonJS, one
 * file for many modules, with no `import.meta.url`; there the package is found by its name, as
 * its dependents resolve it (Node resolves a package's own name from inside it too).
 */
export const PACKAGE_DIR = import.meta.url
  ? fileURLToPath(new URL("..", import.meta.url))
  : dirname(dirname(require.resolve("@acme/local")));

/** `require` as this package's modules resolve npm packages, in both forms. */
export const packageRequire = createRequire(join(PACKAGE_DIR, "package.json"));
