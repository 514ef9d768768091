/** The value written in place of a redacted secret. */
export const REDACTED = "[REDACTED]";

/**
 * Key fragments that mark a value as secret. A key is redacted when its normalised form
 * (lower case, without `_`, `-`, `.` and spaces) contains one of these fragments, so
 * `Authorization`, `x-api-key`, `db_password`, `refreshToken`, `accessKey`, `X-Amz-Signature` and
 * `AWS_SECRET_ACCESS_KEY` are all caught, at any depth.
 */
export const DEFAULT_REDACT_KEYS: readonly string[] = [
  "password",
  "passwd",
  "passphrase",
  "pwd",
  "secret",
  "token",
  "authorization",
  "bearer",
  "jwt",
  "cookie",
  "apikey",
  "accesskey",
  "sessiontoken",
  "signature",
  "connectionstring",
  "dsn",
  "privatekey",
];

/**
 * Keys redacted only when they are exactly these (normalised): as fragments they would catch
 * ordinary words (`passenger`, `compass`, `signal`).
 */
export const EXACT_REDACT_KEYS: readonly string[] = ["pass", "pw", "sig", "auth"];

const normalise = (key: string) => key.toLowerCase().replace(/[\s_.-]/g, "");

/** Where secrets hide inside string values (messages, URLs, error messages and stacks). */
const IN_TEXT = {
  /** `scheme://user:password@host`: the password. */
  urlPassword: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi,
  /** `name=value` in query strings and free text. */
  assignment: /([A-Za-z0-9_.-]+)=([^&\s#;,"']+)/g,
  /** `"name":"value"` of JSON embedded in a string. */
  jsonMember: /"([A-Za-z0-9_.-]+)"\s*:\s*"((?:[^"\\]|\\.)*)"/g,
  /** `Authorization` header values. */
  scheme: /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]+/gi,
  /** JSON Web Tokens, wherever they appear. */
  jwt: /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
} as const;

/**
 * Build a `JSON.stringify` replacer that replaces the value of every secret-looking key with
 * {@link REDACTED}, and every secret found inside a string value (a password in a connection URL,
 * `?access_token=…`, `password=…`, a bearer token, a JWT) with the same marker. It receives every
 * key at every depth, so nested secrets, log messages and Error messages and stacks are covered.
 *
 * @param extraKeys - Key fragments to redact on top of {@link DEFAULT_REDACT_KEYS}.
 *
 * @example
 * ```ts
 * JSON.stringify({ user: { password: "hunter2" }, url: "postgres://a:b@db/x" }, createRedactor());
 * // {"user":{"password":"[REDACTED]"},"url":"postgres://a:[REDACTED]@db/x"}
 * ```
 */
export function createRedactor(
  extraKeys: readonly string[] = [],
): (key: string, value: unknown) => unknown {
  const isSecret = secretKeyTest(extraKeys);
  return (key, value) => {
    if (key === "" || value === undefined || value === null) return value;
    if (isSecret(key)) return REDACTED;
    return typeof value === "string" ? redactText(value, isSecret) : value;
  };
}

/** Whether a key names a secret (cached: logs repeat the same keys). */
function secretKeyTest(extraKeys: readonly string[]): (key: string) => boolean {
  const fragments = [...DEFAULT_REDACT_KEYS, ...extraKeys.map(normalise)].filter(Boolean);
  const cache = new Map<string, boolean>();
  return (key) => {
    let secret = cache.get(key);
    if (secret === undefined) {
      const normalised = normalise(key);
      secret =
        EXACT_REDACT_KEYS.includes(normalised) ||
        fragments.some((fragment) => normalised.includes(fragment));
      cache.set(key, secret);
    }
    return secret;
  };
}

/** The text with every secret it visibly holds replaced. */
export function redactText(text: string, isSecret = secretKeyTest([])): string {
  return text
    .replace(IN_TEXT.urlPassword, `$1${REDACTED}@`)
    .replace(IN_TEXT.assignment, (whole, name: string) =>
      isSecret(name) ? `${name}=${REDACTED}` : whole,
    )
    .replace(IN_TEXT.jsonMember, (whole, name: string) =>
      isSecret(name) ? `"${name}":"${REDACTED}"` : whole,
    )
    .replace(IN_TEXT.scheme, `$1 ${REDACTED}`)
    .replace(IN_TEXT.jwt, REDACTED);
}
