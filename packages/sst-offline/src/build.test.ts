import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BuiltFunction, buildFunctions, type Evaluation, evaluate } from "./index.js";
import { fixture } from "./test/fixtures.js";

const BIN = fileURLToPath(new URL("../bin/sst-offline.mjs", import.meta.url));
const run = promisify(execFile);
const temp = mkdtempSync(join(tmpdir(), "sst-offline-build-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Imports a bundle in a fresh Node process and calls its handler with `event`. */
async function invoke(file: string, event: unknown): Promise<Record<string, unknown>> {
  const script = [
    `const { handler } = await import(${JSON.stringify(pathToFileURL(file).href)});`,
    `const result = await handler(${JSON.stringify(event)}, { awsRequestId: "req-1" });`,
    // The app logs to stdout too: the result is the last line.
    'process.stdout.write("\\n" + JSON.stringify(result));',
  ].join("\n");
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: temp,
    env: { PATH: process.env.PATH ?? "" },
  });
  return JSON.parse(stdout.slice(stdout.lastIndexOf("\n") + 1));
}

/** A minimal API Gateway HTTP API (payload 2.0) event. */
function httpEvent(method: string, path: string) {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { host: "api.example.com" },
    requestContext: {
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
      requestId: "api-request",
      routeKey: "$default",
      stage: "$default",
      timeEpoch: 0,
    },
    isBase64Encoded: false,
  };
}

describe("the functions of an evaluation", () => {
  it("records each function's handler, source file, runtime, links and nodejs options", async () => {
    const evaluation = await evaluate({ appDir: fixture("build-http") });
    expect(evaluation.functions).toEqual({
      Api: {
        handler: "src/handler.handler",
        file: "src/handler.ts",
        runtime: "nodejs22.x",
        links: ["Uploads"],
      },
      Plain: {
        handler: "src/jobs/nightly.run.handler",
        file: "src/jobs/nightly.run.ts",
        runtime: "nodejs24.x",
        links: [],
        nodejs: { banner: "// nightly", minify: false },
      },
    });
    expect(Object.keys(evaluation.functions)).toEqual(Object.keys(evaluation.functionLinks));
  });
});

describe("buildFunctions", () => {
  let evaluation: Evaluation;
  let built: BuiltFunction[];
  const out = join(temp, "dist");
  beforeAll(async () => {
    evaluation = await evaluate({ appDir: fixture("build-http") });
    built = await buildFunctions({ appDir: fixture("build-http"), evaluation, outDir: out });
  });

  it("bundles a handler that imports a workspace package (TypeScript source) and runs it", async () => {
    const api = built.find((fn) => fn.name === "Api");
    expect(api).toMatchObject({
      handler: "src/handler.handler",
      bundledHandler: "src/handler.handler",
      dir: join(out, "Api"),
      entry: "src/handler.mjs",
      install: {},
    });
    const file = join(out, "Api", "src", "handler.mjs");
    expect(api?.bytes).toBe(readFileSync(file).length);
    const health = await invoke(file, httpEvent("GET", "/health"));
    expect(health).toMatchObject({ statusCode: 200, headers: { "x-request-id": "req-1" } });
    expect(JSON.parse(String(health.body))).toEqual({ status: "ok", service: "build-http" });
    const items = await invoke(file, httpEvent("GET", "/items"));
    expect(JSON.parse(String(items.body))).toEqual([{ id: "1" }]);
  });

  it("writes ESM with SST's require banner, minified, source map beside it (not linked)", () => {
    const code = readFileSync(join(out, "Api", "src", "handler.mjs"), "utf8");
    expect(
      code.startsWith("import { createRequire as topLevelCreateRequire } from 'module';\n"),
    ).toBe(true);
    expect(code).toContain("const require = topLevelCreateRequire(import.meta.url);");
    expect(code).not.toContain("// src/handler.ts");
    expect(code).not.toContain("sourceMappingURL");
    expect(existsSync(join(out, "Api", "src", "handler.mjs.map"))).toBe(true);
  });

  it("honours nodejs.minify and nodejs.banner, and names the file as SST does (dots as dashes)", async () => {
    const plain = built.find((fn) => fn.name === "Plain");
    expect(plain).toMatchObject({
      bundledHandler: "src/jobs/nightly-run.handler",
      entry: "src/jobs/nightly-run.mjs",
    });
    const file = join(out, "Plain", "src", "jobs", "nightly-run.mjs");
    const code = readFileSync(file, "utf8");
    expect(code).toContain("// nightly\n");
    expect(code).toContain("// src/jobs/nightly.run.ts");
    expect(await invoke(file, {})).toEqual({ ran: "nightly", at: true });
  });

  it("writes the same bytes on a rebuild", async () => {
    const again = join(temp, "again");
    await buildFunctions({ appDir: fixture("build-http"), evaluation, outDir: again });
    for (const name of [
      "Api/src/handler.mjs",
      "Api/src/handler.mjs.map",
      "Plain/src/jobs/nightly-run.mjs",
    ]) {
      expect(readFileSync(join(again, name), "utf8")).toBe(readFileSync(join(out, name), "utf8"));
    }
  });
});

describe("sst-offline build", () => {
  it("prints each function's handler and bundle size (bin, cwd = the service)", async () => {
    const out = join(temp, "cli");
    const { stdout } = await run(process.execPath, [BIN, "build", "--out", out], {
      cwd: fixture("build-http"),
    });
    expect(stdout).toMatch(/^Function +Handler +Bundle\n/);
    expect(stdout).toMatch(/\nApi +src\/handler\.handler +\d+\.\d KB\n/);
    expect(stdout).toMatch(/\nPlain +src\/jobs\/nightly\.run\.handler +\d+\.\d KB\n/);
    expect(stdout).toMatch(/✓ Bundled 2 functions into .+ in \d+\.\d s \(evaluation/);
    expect(existsSync(join(out, "Api", "src", "handler.mjs"))).toBe(true);
  });

  it("exits 1 with esbuild's error when an import does not resolve", async () => {
    const failed = await run(process.execPath, [BIN, "build", "--out", join(temp, "broken")], {
      cwd: fixture("build-unresolved"),
    }).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(
      '✗ Bundling Broken (src/broken.handler) failed:\nsrc/broken.ts:2:20: Could not resolve "@acme/does-not-exist"\n',
    );
    expect(failed?.stderr).toContain("a dependency of the service (its package.json)");
  });
});
