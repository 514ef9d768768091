/**
 * JavaScript lets code throw anything: strings, numbers, `undefined`, objects without a prototype
 * (whose `String()` throws), objects holding BigInts (whose `JSON.stringify` throws). The error
 * paths of the HTTP app and the batch handler must survive all of them.
 */

/** A non-Error value that was thrown, wrapped so that error handling sees an Error. */
export class ThrownValueError extends Error {
  /** The value as thrown. */
  readonly thrown: unknown;

  constructor(thrown: unknown) {
    super(`A value that is not an Error was thrown: ${describeThrown(thrown)}`);
    this.name = "ThrownValueError";
    this.thrown = thrown;
  }
}

/** The thrown value as an Error: an Error as it is, anything else wrapped. */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new ThrownValueError(thrown);
}

/** A one-line description of any thrown value. Never throws. */
export function describeThrown(thrown: unknown): string {
  try {
    if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`;
    if (typeof thrown === "string") return JSON.stringify(thrown);
    if (typeof thrown !== "object" || thrown === null) return String(thrown);
    return JSON.stringify(thrown, (_key, value) =>
      typeof value === "bigint" ? value.toString() : value,
    );
  } catch {
    return Object.prototype.toString.call(thrown);
  }
}
