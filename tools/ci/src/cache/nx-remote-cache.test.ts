import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sourceWorkspace, WorkspaceCopy } from "../testing/workspace-copy.ts";

/**
 * The cache server as a real process, and Nx itself as its client, in separate clones of this
 * workspace (each with its own local cache): what one clone writes, another reads; what a
 * pull request's run writes, main's runs never read.
 */
const MAIN_TOKEN = "main-".padEnd(40, "m");
const PR_TOKEN = "pull-requests-".padEnd(40, "p");
const READ_ONLY_TOKEN = "laptops-".padEnd(40, "r");

let server: ChildProcess;
let url: string;
let store: string;
let config: string;
const clones: WorkspaceCopy[] = [];

function clone(): WorkspaceCopy {
  const copy = new WorkspaceCopy("shipyard-cache-");
  clones.push(copy);
  return copy;
}

/** Runs one cacheable Nx task in a clone with the remote cache; returns Nx's output. */
function nxRun(copy: WorkspaceCopy, token: string, task: string): string {
  const result = spawnSync(
    join(copy.root, "node_modules", ".bin", "nx"),
    ["run", task, "--output-style=static"],
    {
      cwd: copy.root,
      encoding: "utf8",
      env: {
        ...withoutOuterSkipCache(process.env),
        NX_DAEMON: "false",
        NX_NO_CLOUD: "true",
        FORCE_COLOR: "0",
        NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url,
        NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token,
      },
    },
  );
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

/**
 * The environment without NX_SKIP_NX_CACHE: Nx sets it for the tasks of a run with
 * `--skip-nx-cache` (this test's own run among them), and the Nx this test starts would then
 * neither read nor write the caches under test.
 */
function withoutOuterSkipCache(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NX_SKIP_NX_CACHE: _skipped, ...rest } = env;
  return rest;
}

const entries = (namespace: string) =>
  existsSync(join(store, namespace)) ? readdirSync(join(store, namespace)) : [];

beforeAll(async () => {
  store = mkdtempSync(join(tmpdir(), "shipyard-cache-store-"));
  config = mkdtempSync(join(tmpdir(), "shipyard-cache-config-"));
  const access = join(config, "access.json");
  writeFileSync(
    access,
    JSON.stringify([
      { name: "main", token: MAIN_TOKEN, read: ["main"], write: "main" },
      { name: "pull-requests", token: PR_TOKEN, read: ["main", "pr"], write: "pr" },
      { name: "laptops", token: READ_ONLY_TOKEN, read: ["main"] },
    ]),
  );
  server = spawn(
    process.execPath,
    [
      join(sourceWorkspace, "tools/ci/bin/shipyard-cache-server.mjs"),
      "--storage",
      `file://${store}`,
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--access",
      access,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  url = await new Promise<string>((resolve, reject) => {
    let out = "";
    server.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1] as string);
    });
    server.once("exit", (code) => reject(new Error(`the cache server exited (${code}): ${out}`)));
  });
});

afterAll(() => {
  server?.kill();
  for (const copy of clones) copy.remove();
  for (const dir of [store, config]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("shipyard-cache-server with Nx as the client", () => {
  it("serves an entry written by one clone to another clone", () => {
    const first = nxRun(clone(), MAIN_TOKEN, "@acme/contract:lint");
    expect(first).not.toContain("remote cache");
    expect(entries("main")).toHaveLength(1);

    const second = nxRun(clone(), MAIN_TOKEN, "@acme/contract:lint");
    expect(second).toMatch(/nx run @acme\/contract:lint\s+\[remote cache\]/);
  });

  it("keeps a pull request's entries out of main's reads", () => {
    // A pull request run is first to compute this task: its entry lands in the pr namespace only.
    const pr = nxRun(clone(), PR_TOKEN, "@acme/contract:format-check");
    expect(pr).not.toContain("remote cache");
    expect(entries("pr")).toHaveLength(1);
    expect(entries("main")).toHaveLength(1);

    // Main computes the same task itself rather than reading what the pull request wrote.
    const main = nxRun(clone(), MAIN_TOKEN, "@acme/contract:format-check");
    expect(main).not.toContain("remote cache");
    expect(entries("main")).toHaveLength(2);

    // Pull requests read main's entries.
    const another = nxRun(clone(), PR_TOKEN, "@acme/contract:lint");
    expect(another).toMatch(/\[remote cache\]/);
  });

  it("never replaces an entry, refuses writes from read-only tokens and unknown tokens", async () => {
    const hash = entries("main")[0] as string;
    const put = (token: string, key = hash) =>
      fetch(`${url}/v1/cache/${key}`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
        body: new Uint8Array([1, 2, 3]),
      });
    expect((await put(MAIN_TOKEN)).status).toBe(409);
    expect((await put(READ_ONLY_TOKEN, "12345")).status).toBe(403);
    expect((await put("not-a-token", "12345")).status).toBe(401);
    const get = await fetch(`${url}/v1/cache/${hash}`, {
      headers: { authorization: `Bearer ${READ_ONLY_TOKEN}` },
    });
    expect(get.status).toBe(200);
    expect(
      (
        await fetch(`${url}/v1/cache/nothing-here`, {
          headers: { authorization: `Bearer ${MAIN_TOKEN}` },
        })
      ).status,
    ).toBe(404);
  });
});
