import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { sourceWorkspace } from "../testing/workspace-copy.ts";
import { checkRootEnv } from "./check.ts";

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A workspace folder whose root `.env` holds `content` (none when undefined). */
function workspace(content: string | undefined): string {
  root = mkdtempSync(join(tmpdir(), "shipyard-ci-env-"));
  if (content !== undefined) writeFileSync(join(root, ".env"), content);
  return root;
}

const fix =
  "and this file is committed. Move it to .env.local, which git ignores (Nx reads it too).";

describe("checkRootEnv", () => {
  it("passes this repository's .env, which sets NX_ISOLATE_PLUGINS", () => {
    expect(readFileSync(join(sourceWorkspace, ".env"), "utf8")).toMatch(
      /^NX_ISOLATE_PLUGINS=false$/m,
    );
    expect(checkRootEnv(sourceWorkspace)).toEqual([]);
  });

  it("passes a workspace without a root .env", () => {
    expect(checkRootEnv(workspace(undefined))).toEqual([]);
  });

  it("names the file, the line, the variable and the fix for each variable that is not NX_*", () => {
    const dir = workspace(
      [
        "# Shared Nx settings",
        "NX_ISOLATE_PLUGINS=false",
        "",
        "export DATABASE_PASSWORD='hunter2' # a secret",
        'PRIVATE_KEY="-----BEGIN KEY-----',
        "NX_NOT_A_VARIABLE=inside the quoted value",
        '-----END KEY-----"',
        "NX_DAEMON=false",
        "nx_lowercase=1",
      ].join("\n"),
    );
    expect(checkRootEnv(dir)).toEqual([
      `.env:4: DATABASE_PASSWORD is not an Nx setting (its name does not start with NX_), ${fix}`,
      `.env:5: PRIVATE_KEY is not an Nx setting (its name does not start with NX_), ${fix}`,
      `.env:9: nx_lowercase is not an Nx setting (its name does not start with NX_), ${fix}`,
    ]);
  });

  it("refuses Nx settings that hold credentials, such as an Nx Cloud token", () => {
    const dir = workspace(
      "NX_DAEMON=false\nNX_CLOUD_ACCESS_TOKEN=abc\nNX_KEY=k\nNX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN=t\n",
    );
    expect(checkRootEnv(dir)).toEqual([
      `.env:2: NX_CLOUD_ACCESS_TOKEN looks like a credential, ${fix}`,
      `.env:3: NX_KEY looks like a credential, ${fix}`,
      `.env:4: NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN looks like a credential, ${fix}`,
    ]);
  });

  it("refuses an app's NX_PUBLIC_* variables and a URL with a user and password", () => {
    const dir = workspace(
      [
        "NX_PUBLIC_API_URL=https://api.example.com",
        "NX_SELF_HOSTED_REMOTE_CACHE_SERVER=https://ci:hunter2@cache.internal",
        "NX_SELF_HOSTED_REMOTE_CACHE_SERVER_PLAIN=https://cache.internal",
      ].join("\n"),
    );
    expect(checkRootEnv(dir)).toEqual([
      `.env:1: NX_PUBLIC_API_URL is an app variable (NX_PUBLIC_*), not an Nx setting, ${fix}`,
      `.env:2: NX_SELF_HOSTED_REMOTE_CACHE_SERVER holds a URL with a user and password, ${fix}`,
    ]);
  });

  it("reads the file as Nx does (dotenv): a line that is no assignment sets nothing", () => {
    expect(checkRootEnv(workspace("NX_DAEMON=false\nnot an assignment\n# SECRET=x\n"))).toEqual([]);
  });
});
