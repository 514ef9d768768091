import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/**
 * What every handler pays at cold start is what its bundle imports at load
 * (bench/handler-cold-start.mts measures it). Bundled as services bundle it, the whole runtime
 * must not import `node:crypto` or `node:http` at its top (each loads in milliseconds at init), nor
 * take in `sst`, powertools' logger or an AWS SDK client; esbuild hoists the imports of lazily initialised modules,
 * so a lazy `require` in the source is not enough: the bundle is checked.
 */
describe("the runtime's init path", () => {
  it("imports no costly Node module and bundles neither sst nor powertools", async () => {
    const result = await build({
      stdin: {
        contents: `export * from "./index"; export { connectPostgres } from "./postgres";`,
        resolveDir: fileURLToPath(new URL(".", import.meta.url)),
        loader: "ts",
      },
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      metafile: true,
      external: ["pg", "kysely", "pg-native"],
      logLevel: "silent",
    });
    const output = Object.values(result.metafile.outputs)[0];
    const nodeImports = (output?.imports ?? []).filter((i) => i.external).map((i) => i.path);
    const inputs = Object.keys(result.metafile.inputs);

    expect(inputs.some((path) => path.includes("src/logger/logger.ts"))).toBe(true);
    expect(
      nodeImports.filter((path) => /^(node:)?(crypto|http|https|console)$/.test(path)),
    ).toEqual([]);
    expect(
      inputs.filter((path) => /node_modules\/(sst|@aws-lambda-powertools)\//.test(path)),
    ).toEqual([]);
    // The AWS SDK clients (S3, DynamoDB, SQS) load only in handlers that import their subpaths.
    expect(inputs.filter((path) => /node_modules\/@aws-sdk\//.test(path))).toEqual([]);
  });
});
