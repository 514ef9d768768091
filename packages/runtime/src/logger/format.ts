/** A JSON replacer, as `JSON.stringify` takes it. */
export type Replacer = (this: unknown, key: string, value: unknown) => unknown;

/** The code location of the first stack frame, `file:line`, as powertools writes it. */
function codeLocation(stack: string | undefined): string {
  for (const line of stack?.split("\n") ?? []) {
    const match = /\(([^()]*?):(\d+?):(\d+?)\)\\?$/.exec(line);
    if (match) return `${match[1]}:${Number(match[2])}`;
  }
  return "";
}

/**
 * An Error as powertools formats it: `name`, `location`, `message`, `stack`, `cause` (formatted
 * the same way when it is an Error) and the error's own enumerable properties (`status`, `code`).
 */
export function formatError(error: Error): Record<string, unknown> {
  const formatted: Record<string, unknown> = {
    name: error.name,
    location: codeLocation(error.stack),
    message: error.message,
    stack: error.stack,
    cause: error.cause instanceof Error ? formatError(error.cause) : error.cause,
  };
  for (const [key, value] of Object.entries(error)) {
    if (!(key in formatted)) formatted[key] = value;
  }
  return formatted;
}

/**
 * A replacer that runs `redact` first, then writes Errors as {@link formatError} does, BigInts as
 * strings, and drops circular references, so that one bad value never costs the whole line.
 */
export function logReplacer(redact: (key: string, value: unknown) => unknown): Replacer {
  const ancestors: unknown[] = [];
  return function (this: unknown, key, value) {
    let replaced = redact(key, value);
    if (replaced instanceof Error) replaced = formatError(replaced);
    if (typeof replaced === "bigint") return replaced.toString();
    if (typeof replaced === "object" && replaced !== null) {
      // `this` is the object holding `key`: unwind to it, then look for `replaced` above it.
      while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
      if (ancestors.includes(replaced)) return undefined;
      ancestors.push(replaced);
    }
    return replaced;
  };
}
