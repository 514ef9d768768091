/** The value written in place of a redacted secret. */
export const REDACTED = "[REDACTED]";

/**
 * Key fragments that mark a value as secret. A key is redacted when its normalised form
 * (lower case, without `_`, `-`, `.` and spaces) contains one of these fragments, so
 * `Authorization`, `x-api-key`, `db_password`, `refreshToken` and `AWS_SECRET_ACCESS_KEY` are
 * all caught, at any depth.
 */
export const DEFAULT_REDACT_KEYS: readonly string[] = [
  "password",
  "passwd",
  "secret",
  "token",
  "authorization",
  "cookie",
  "apikey",
  "accesskeyid",
  "secretaccesskey",
  "sessiontoken",
  "connectionstring",
  "privatekey",
];

const normalise = (key: string) => key.toLowerCase().replace(/[\s_.-]/g, "");

/**
 * Build a `JSON.stringify` replacer that replaces the value of every secret-looking key with
 * {@link REDACTED}. It receives every key at every depth, so nested secrets are redacted too.
 *
 * @param extraKeys - Key fragments to redact on top of {@link DEFAULT_REDACT_KEYS}.
 *
 * @example
 * ```ts
 * JSON.stringify({ user: { password: "hunter2" } }, createRedactor());
 * // {"user":{"password":"[REDACTED]"}}
 * ```
 */
export function createRedactor(
  extraKeys: readonly string[] = [],
): (key: string, value: unknown) => unknown {
  const fragments = [...DEFAULT_REDACT_KEYS, ...extraKeys.map(normalise)].filter(Boolean);
  const cache = new Map<string, boolean>();
  const isSecret = (key: string) => {
    let secret = cache.get(key);
    if (secret === undefined) {
      const normalised = normalise(key);
      secret = fragments.some((fragment) => normalised.includes(fragment));
      cache.set(key, secret);
    }
    return secret;
  };
  return (key, value) => {
    if (key === "" || value === undefined || value === null) return value;
    return isSecret(key) ? REDACTED : value;
  };
}
