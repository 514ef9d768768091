import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "dotenv";

/** The workspace root's `.env`: Nx loads it into every command, and it is committed (.gitignore). */
export const ROOT_ENV_FILE = ".env";

/** The names of Nx's own settings, the only variables the committed `.env` may set. */
const NX_SETTING = /^NX_/;

/**
 * Nx's prefix for an app's own variables (`NX_PUBLIC_API_URL`), which Nx passes to bundlers: not
 * a setting of Nx's, and often a URL with credentials.
 */
const APP_VARIABLE = /^NX_PUBLIC_/;

/** A URL with a user and password in it (`postgres://admin:hunter2@db`). */
const URL_CREDENTIALS = /[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]+@/i;

/**
 * Nx settings that hold credentials (`NX_CLOUD_ACCESS_TOKEN`, `NX_KEY`, a remote cache's
 * `..._ACCESS_TOKEN` or `..._SECRET_ACCESS_KEY`): Nx names them, but they must not be committed.
 */
const CREDENTIAL = /TOKEN|SECRET|PASSWORD|KEY|CREDENTIAL|AUTH/i;

/**
 * Whether the workspace root's `.env` sets only Nx settings (`NX_*`, not an app's `NX_PUBLIC_*`),
 * and none that holds a credential by its name or its value. It is the one `.env` that
 * git does not ignore, shared by everyone, so a secret or a personal value written there would be
 * committed. Read with dotenv's own `parse`, the version Nx loads the file with, so that the check
 * sees the variables Nx sees. A workspace without the file passes. Returns one line per variable,
 * naming the file, the line, the variable and the fix; empty when there is nothing to fix.
 */
export function checkRootEnv(workspace: string): string[] {
  const path = join(workspace, ROOT_ENV_FILE);
  if (!existsSync(path)) return [];
  const content = readFileSync(path, "utf8");
  return Object.entries(parse(content)).flatMap(([name, value]) => {
    const problem = problemWith(name, value);
    return problem
      ? [
          `${ROOT_ENV_FILE}:${lineOf(content, name)}: ${name} ${problem}, and this file is committed. Move it to .env.local, which git ignores (Nx reads it too).`,
        ]
      : [];
  });
}

/** Why `name` may not be set to `value` in the committed `.env`, if it may not. */
function problemWith(name: string, value: string): string | undefined {
  if (!NX_SETTING.test(name)) return "is not an Nx setting (its name does not start with NX_)";
  if (APP_VARIABLE.test(name)) return "is an app variable (NX_PUBLIC_*), not an Nx setting";
  if (CREDENTIAL.test(name)) return "looks like a credential";
  if (URL_CREDENTIALS.test(value)) return "holds a URL with a user and password";
  return undefined;
}

/**
 * The line (from 1) where the definition of `name` starts: the first line at which dotenv, given
 * the file up to that line, sees the variable. dotenv's `parse` gives names and values only.
 */
function lineOf(content: string, name: string): number {
  const lines = content.split(/\r?\n/);
  for (let end = 1; end <= lines.length; end++) {
    if (Object.hasOwn(parse(lines.slice(0, end).join("\n")), name)) return end;
  }
  return lines.length;
}
