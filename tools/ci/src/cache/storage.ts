import type { Readable } from "node:stream";

/** Where cache entries live. Keys are `<namespace>/<hash>`; an entry, once written, never changes. */
export interface CacheStorage {
  /** The entry's bytes as a stream, or undefined when there is none. */
  get(key: string): Promise<Readable | undefined>;
  /**
   * Stores `body` (exactly `length` bytes) under `key` unless an entry is there already. Returns
   * "exists" and keeps the old entry when there is one: entries are never replaced.
   */
  putIfAbsent(key: string, body: Readable, length: number): Promise<"created" | "exists">;
}

/** A body whose byte count differs from its Content-Length: nothing is stored. */
export class LengthMismatchError extends Error {}
