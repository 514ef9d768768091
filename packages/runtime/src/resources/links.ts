import { jsonSyntaxErrorWithoutText } from "../errors/json";
import { InvalidResourceError } from "./errors";

/**
 * SST's links, read the way SST's own `Resource` reads them on Node (sst 4.17.1,
 * `sst/dist/resource/node.js`), without loading `sst`: its `node.js` imports `node:crypto` at
 * load, a few milliseconds of every cold start, to decrypt a links file most functions never have.
 * Here `node:crypto` and `node:fs` load only when `SST_KEY_FILE` must be read.
 * resource-equivalence.test.ts checks this against SST's `Resource` on the same input.
 */

export const ENV_PREFIX = "SST_RESOURCE_";

/** Globals SST's own code sets: links bundled in (`$SST_LINKS`) and a pre-decrypted key file. */
export interface LinkGlobals {
  $SST_LINKS?: Record<string, unknown>;
  SST_KEY_FILE_DATA?: Record<string, unknown>;
}

/** The value of `SST_RESOURCE_<name>`, parsed; names the variable, never its text, when not JSON. */
export function parseLink(name: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw new InvalidResourceError(name, jsonSyntaxErrorWithoutText(error));
  }
}

/**
 * Every link, in SST's order, later sources winning: `$SST_LINKS`, the `SST_RESOURCE_*` variables,
 * `SST_RESOURCES_JSON`, the encrypted `SST_KEY_FILE` (with `SST_KEY`), `SST_KEY_FILE_DATA`.
 */
export function readLinks(
  env: NodeJS.ProcessEnv = process.env,
  globals: LinkGlobals = globalThis as LinkGlobals,
): Record<string, unknown> {
  const links: Record<string, unknown> = { ...globals.$SST_LINKS };
  for (const [key, raw] of Object.entries(env)) {
    if (key.startsWith(ENV_PREFIX) && raw) {
      links[key.slice(ENV_PREFIX.length)] = parseLink(key.slice(ENV_PREFIX.length), raw);
    }
  }
  if (env.SST_RESOURCES_JSON) Object.assign(links, resourcesJson(env.SST_RESOURCES_JSON));
  if (env.SST_KEY_FILE && env.SST_KEY && !globals.SST_KEY_FILE_DATA) {
    Object.assign(links, decryptKeyFile(env.SST_KEY_FILE, env.SST_KEY));
  }
  if (globals.SST_KEY_FILE_DATA) Object.assign(links, globals.SST_KEY_FILE_DATA);
  return links;
}

/** SST logs a broken `SST_RESOURCES_JSON` and goes on; so does this, without quoting it. */
function resourcesJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    console.error("Failed to parse SST_RESOURCES_JSON:", jsonSyntaxErrorWithoutText(error));
    return undefined;
  }
}

/** SST's links file: AES-256-GCM, a zero nonce, the 16-byte auth tag at the end. */
function decryptKeyFile(path: string, key: string): unknown {
  const { createDecipheriv } = process.getBuiltinModule("node:crypto");
  const { readFileSync } = process.getBuiltinModule("node:fs");
  const encrypted = readFileSync(path);
  const decipher = createDecipheriv("aes-256-gcm", Buffer.from(key, "base64"), Buffer.alloc(12, 0));
  decipher.setAuthTag(encrypted.subarray(-16));
  try {
    const data = Buffer.concat([decipher.update(encrypted.subarray(0, -16)), decipher.final()]);
    return JSON.parse(data.toString());
  } catch (error) {
    // A JSON.parse message would quote the decrypted text: the secrets.
    const reason = error instanceof SyntaxError ? jsonSyntaxErrorWithoutText(error) : error;
    throw new Error(
      `Cannot read SST's links file ${path} (SST_KEY_FILE) with SST_KEY: ${String(reason)}. ` +
        "SST sets both when it deploys the function; set neither, or both from the same deploy.",
      { cause: reason },
    );
  }
}

let loaded: Record<string, unknown> | undefined;

/** The links, read on first use and kept, as SST's `Resource` keeps them. */
export function links(): Record<string, unknown> {
  loaded ??= readLinks();
  return loaded;
}
