/**
 * The in-process stand-in for the SST CLI's RPC server (`SST_SERVER`), which components call during
 * `run()`: `Provider.Aws.Bootstrap`, `Runtime.Build`, `Runtime.AddTarget`, `Provider.Aws.Appsync`.
 *
 * `Runtime.Build` checks the handler the way the CLI's Node runtime does (same extensions, relative
 * to the app root) and writes a placeholder bundle instead of running esbuild on it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { isAbsolute, join, posix } from "node:path";
import { HANDLER_EXTENSIONS } from "@acme/contract";
import { ACCOUNT_ID, stableHash } from "./mocks.js";

/** What a component sends with `Runtime.Build` and `Runtime.AddTarget`. */
export interface BuildInput {
  functionID: string;
  handler?: string;
  bundle?: string | null;
  runtime?: string;
  links?: Record<string, Record<string, unknown>>;
  dev?: boolean;
  isContainer?: boolean;
  properties?: Record<string, unknown>;
}

/** A function as the evaluation records it. */
export interface FunctionBuild {
  /** The function's name (its `functionID`). */
  name: string;
  handler: string;
  /** The handler's source file, relative to the app root (as SST finds it); "" when none. */
  file: string;
  runtime: string;
  /** What the function links, by name. */
  links: Record<string, Record<string, unknown>>;
  /** The function's `nodejs` options, when it sets any. */
  nodejs?: Record<string, unknown>;
}

export interface AppPaths {
  /** The app folder (of `sst.config.ts`). */
  root: string;
  /** SST's work folder (`.sst`), where artifacts go. */
  work: string;
}

/** Whether `source` exports `name` (a best effort on the text: `export * from` counts as yes). */
export function exportsName(source: string, name: string): boolean {
  const escaped = name.replace(/[$]/g, "\\$");
  const declared = new RegExp(
    `export\\s+(?:declare\\s+)?(?:async\\s+)?(?:function\\s*\\*?|const|let|var|class)\\s+${escaped}(?![\\w$])`,
  );
  const listed = new RegExp(
    `export\\s*(?:type\\s*)?\\{[^}]*(?<![\\w$])${escaped}(?![\\w$])[^}]*\\}`,
  );
  return declared.test(source) || listed.test(source) || /export\s*\*\s*from/.test(source);
}

/** Checks a Node handler and writes a placeholder bundle for it; returns what `Runtime.Build` returns. */
export function buildFunction(input: BuildInput, paths: AppPaths) {
  const where = `function "${input.functionID}"`;
  const runtime = input.runtime ?? "nodejs24.x";
  if (input.bundle !== undefined && input.bundle !== null) {
    throw new Error(
      `Offline evaluation does not support the "bundle" option (${where}): only Node handlers built by SST are supported.`,
    );
  }
  if (input.isContainer) {
    throw new Error(`Offline evaluation does not support container functions (${where}).`);
  }
  if (!runtime.startsWith("nodejs")) {
    throw new Error(
      `Offline evaluation does not support the "${runtime}" runtime (${where}): only nodejs runtimes are supported.`,
    );
  }
  const { handler, dir, fileBase, exported } = findHandler(input, paths.root);

  // Like the CLI: <work>/artifacts/<functionID>-src/<dir>/<file with dots as dashes>.mjs
  const outName = posix.join(dir, fileBase.replaceAll(".", "-"));
  const out = join(paths.work, "artifacts", `${input.functionID}-src`);
  mkdirSync(join(out, posix.dirname(outName)), { recursive: true });
  writeFileSync(
    join(out, `${outName}.mjs`),
    `// sst-offline placeholder for ${handler} (no real bundle is built offline)\nexport const ${exported} = async () => {};\n`,
  );
  return { handler: `${outName}.${exported}`, out, errors: [], sourcemaps: [] };
}

/**
 * The source file of a Node handler (`src/api.handler` → `src/api.ts`...), relative to `root`,
 * trying SST's extensions in its order (pkg/runtime/node/node.go); throws `Handler not found` when
 * no file exists or the file does not export the function.
 */
export function findHandler(input: BuildInput, root: string) {
  const where = `function "${input.functionID}"`;
  const handler = input.handler;
  if (!handler) throw new Error(`No handler given for ${where}.`);
  const dir = posix.dirname(handler);
  const base = posix.basename(handler);
  const dot = base.lastIndexOf(".");
  if (dot <= 0)
    throw new Error(`Invalid handler "${handler}" (${where}): expected <file>.<export>.`);
  const fileBase = base.slice(0, dot);
  const exported = base.slice(dot + 1);
  const candidates = HANDLER_EXTENSIONS.map((ext) => posix.join(dir, fileBase + ext));
  const located = (candidate: string) =>
    isAbsolute(candidate) ? candidate : join(root, candidate);
  const file = candidates.find((candidate) => existsSync(located(candidate)));
  if (!file) {
    throw new Error(`Handler not found: ${handler} (looked for ${candidates.join(", ")})`);
  }
  if (!exportsName(readFileSync(located(file), "utf8"), exported)) {
    throw new Error(`Handler not found: ${handler} (${file} does not export "${exported}")`);
  }
  return { handler, file, dir, fileBase, exported };
}

/** The answer to `Provider.Aws.Bootstrap`. */
export function bootstrapData(region: string) {
  const suffix = stableHash(`bootstrap:${region}`, 12);
  return {
    asset: `sst-asset-${suffix}`,
    assetEcrRegistryId: ACCOUNT_ID,
    assetEcrUrl: `${ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/sst-asset`,
    state: `sst-state-${suffix}`,
    appsyncHttp: `https://offline.appsync-api.${region}.amazonaws.com/event`,
    appsyncRealtime: `wss://offline.appsync-realtime-api.${region}.amazonaws.com/event/realtime`,
  };
}

export interface RpcServerOptions {
  paths: AppPaths;
  region: string;
  /** Called for every function built or added as a dev target. */
  onBuild: (build: FunctionBuild) => void;
  /** Called when a call fails (the evaluation fails). */
  onError: (error: Error) => void;
}

export interface RpcServer {
  url: string;
  close: () => void;
}

/** Starts the RPC server on a free local port. */
export async function startRpcServer({
  paths,
  region,
  onBuild,
  onError,
}: RpcServerOptions): Promise<RpcServer> {
  // biome-ignore lint/suspicious/noExplicitAny: the components' JSON-RPC parameters
  const dispatch = (method: string, params: any): unknown => {
    switch (method) {
      case "Provider.Aws.Bootstrap":
        return bootstrapData(params?.region ?? region);
      case "Provider.Aws.Appsync":
        return {
          http: `offline.appsync-api.${region}.amazonaws.com`,
          realtime: `offline.appsync-realtime-api.${region}.amazonaws.com`,
        };
      case "Runtime.Build": {
        const result = buildFunction(params, paths);
        onBuild(describe(params, findHandler(params, paths.root).file));
        return result;
      }
      case "Runtime.AddTarget": {
        // `sst dev` builds on the first invocation; offline, check the handler now.
        const file =
          !params?.bundle && String(params?.runtime ?? "nodejs").startsWith("nodejs")
            ? findHandler(params, paths.root).file
            : "";
        onBuild(describe(params, file));
        return {};
      }
      default:
        return undefined;
    }
  };

  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      let reply: { result?: unknown; error?: string };
      let method = "";
      try {
        const request = JSON.parse(body);
        method = String(request.method);
        const result = dispatch(method, Array.isArray(request.params) ? request.params[0] : {});
        reply =
          result === undefined
            ? { error: `rpc: can't find method ${method} (sst-offline does not answer it)` }
            : { result };
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        onError(failure);
        reply = { error: failure.message };
      }
      const text = JSON.stringify(reply);
      res.writeHead(200, {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(text),
        Connection: "close",
      });
      res.end(text);
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(undefined));
  });
  // Open connections keep the process alive; the listening socket alone must not.
  server.unref();
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("RPC server has no port.");
  return { url: `http://127.0.0.1:${address.port}`, close: () => server.close() };
}

/** What the evaluation records of a function; `file` is "" when it has no Node handler file. */
function describe(input: BuildInput, file: string): FunctionBuild {
  // SST adds `architecture` to the `nodejs` options it sends; keep what the config set.
  const { architecture: _architecture, ...nodejs } = input.properties ?? {};
  return {
    name: input.functionID,
    handler: input.handler ?? "",
    file,
    runtime: input.runtime ?? "nodejs24.x",
    links: input.links ?? {},
    ...(Object.keys(nodejs).length > 0 ? { nodejs } : {}),
  };
}
