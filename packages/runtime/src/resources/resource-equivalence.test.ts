import { execFileSync } from "node:child_process";
import { createCipheriv, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { type LinkGlobals, readLinks } from "./links";

/**
 * `readLinks` stands in for SST's own `Resource` (sst/dist/resource/node.js): fed the same
 * environment and globals, both must hold the same links. SST's is read in a fresh Node process
 * per case, since it reads once per process.
 */

const dir = mkdtempSync(join(tmpdir(), "links-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** SST's links file as SST writes it: AES-256-GCM, zero nonce, auth tag appended. */
function keyFile(links: Record<string, unknown>, key = randomBytes(32)) {
  const cipher = createCipheriv("aes-256-gcm", key, Buffer.alloc(12, 0));
  const body = Buffer.concat([cipher.update(JSON.stringify(links)), cipher.final()]);
  const path = join(dir, `${randomBytes(4).toString("hex")}.enc`);
  writeFileSync(path, Buffer.concat([body, cipher.getAuthTag()]));
  return { SST_KEY_FILE: path, SST_KEY: key.toString("base64") };
}

/** What SST's `Resource` holds, given `env` and `globals`, read in a fresh Node. */
function sstResource(env: Record<string, string>, globals: LinkGlobals = {}): unknown {
  const sstResourceUrl = new URL(
    `file://${createRequire(import.meta.url).resolve("sst/resource")}`,
  );
  const script = `Object.assign(globalThis, ${JSON.stringify(globals)});
const { Resource } = await import(${JSON.stringify(sstResourceUrl.href)});
process.stdout.write(JSON.stringify(Object.fromEntries(Object.keys(Resource).map((k) => [k, Resource[k]]))));`;
  const stdout = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"], // SST logs a broken SST_RESOURCES_JSON there
  });
  return JSON.parse(stdout);
}

const App = JSON.stringify({ name: "shipyard", stage: "dev" });

describe("readLinks against SST's Resource", () => {
  it.each<[string, Record<string, string>, LinkGlobals?]>([
    ["SST_RESOURCE_* variables", { SST_RESOURCE_App: App, SST_RESOURCE_Bucket: '{"name":"b"}' }],
    ["an empty SST_RESOURCE_ variable, skipped", { SST_RESOURCE_App: App, SST_RESOURCE_Gone: "" }],
    [
      "SST_RESOURCES_JSON over the variables",
      {
        SST_RESOURCE_Bucket: '{"name":"from-variable"}',
        SST_RESOURCES_JSON: JSON.stringify({ Bucket: { name: "json" }, Queue: { url: "q" } }),
      },
    ],
    [
      "a broken SST_RESOURCES_JSON, skipped",
      { SST_RESOURCE_App: App, SST_RESOURCES_JSON: '{"Db":{"password":"hunter2"' },
    ],
    [
      "the encrypted links file over both",
      {
        SST_RESOURCE_App: App,
        SST_RESOURCES_JSON: JSON.stringify({ Queue: { url: "json" } }),
        ...keyFile({ Queue: { url: "file" }, Database: { password: "p", port: 5432 } }),
      },
    ],
    [
      "links bundled in ($SST_LINKS) under everything, SST_KEY_FILE_DATA over everything",
      { SST_RESOURCE_Bucket: '{"name":"variable"}', ...keyFile({ Secret: { value: "file" } }) },
      {
        $SST_LINKS: { Bucket: { name: "bundled" }, Api: { url: "a" } },
        SST_KEY_FILE_DATA: { Secret: { value: "data" } },
      },
    ],
  ])("%s", (_name, env, globals) => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const expected = sstResource(env, globals);
    expect(Object.keys(expected as object).length).toBeGreaterThan(0);
    expect(readLinks(env, globals ?? {})).toEqual(expected);
    // Unlike SST, the complaint about a broken SST_RESOURCES_JSON never quotes it.
    expect(logged.mock.calls.flat().map(String).join(" ")).not.toContain("hunter2");
  });

  it("reads the encrypted file only with its key, and says which variables when the key is wrong", () => {
    const file = keyFile({ Secret: { value: "s" } });
    expect(readLinks({ SST_KEY_FILE: file.SST_KEY_FILE }, {})).toEqual(
      sstResource({ SST_KEY_FILE: file.SST_KEY_FILE }),
    );
    const wrongKey = { ...file, SST_KEY: randomBytes(32).toString("base64") };
    expect(() => readLinks(wrongKey, {})).toThrow(/SST_KEY_FILE.*SST_KEY/);
  });
});
