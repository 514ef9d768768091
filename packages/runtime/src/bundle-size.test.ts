import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/**
 * Bytes of the runtime in a worker's bundle, as SST bundles a function (minified ESM for Node 22,
 * `keepNames`): what the platform adds to every SQS consumer's cold start and download
 * (bench/handler-cold-start.mts measures it against a bare handler; bench/README.md, issue 12
 * part 5). A budget, so that a change which makes the worker path bigger is seen in review and
 * either justified (raise the budget, say what it pays for) or undone. Measured 7,105 bytes on
 * 2026-12-01; the budget leaves 1.3%. Why the runtime is not written smaller to reach the issue's
 * 1.2x of a bare handler: bench/README.md, "The worker's size: where the bytes go".
 */
const WORKER_BUDGET_BYTES = 7_200;

/** A consumer as the generated worker writes it, without a schema library: runtime bytes only. */
const WORKER = `import { createBatchHandler } from "./index";
export const handler = createBatchHandler({
  service: "notifications",
  handle: async (message, _record, { logger }) => logger.info("message handled", { message }),
});`;

async function bundledBytes(contents: string) {
  const result = await build({
    stdin: { contents, resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "node",
    target: "node22",
    minify: true,
    keepNames: true,
    metafile: true,
    logLevel: "silent",
  });
  const inputs = Object.values(result.metafile.outputs)[0]?.inputs ?? {};
  return { bytes: result.outputFiles[0]?.contents.length ?? 0, inputs: Object.keys(inputs) };
}

describe("the runtime in a worker's bundle", () => {
  it(`stays within ${WORKER_BUDGET_BYTES} bytes, without the http, resources or storage code`, async () => {
    const { bytes, inputs } = await bundledBytes(WORKER);
    expect(
      inputs.filter((path) => /src\/(http|resources|postgres|s3|dynamo|sqs)\//.test(path)),
    ).toEqual([]);
    expect(inputs.filter((path) => path.includes("node_modules"))).toEqual([]);
    expect(bytes).toBeGreaterThan(1_000);
    expect(bytes).toBeLessThanOrEqual(WORKER_BUDGET_BYTES);
  });
});
