import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { link, mkdir, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type CacheStorage, LengthMismatchError } from "./storage.ts";

/**
 * Entries as files under one folder: for tests, and for a single cache machine with a disk. A body
 * is written to a temporary file and then hard-linked to its name, which fails if the name exists:
 * two writers of one entry cannot both win, and no reader sees half an entry.
 */
export class FileStorage implements CacheStorage {
  constructor(private readonly root: string) {}

  async get(key: string): Promise<Readable | undefined> {
    const path = join(this.root, key);
    return existsSync(path) ? createReadStream(path) : undefined;
  }

  async putIfAbsent(key: string, body: Readable, length: number): Promise<"created" | "exists"> {
    const path = join(this.root, key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = join(this.root, `.incoming-${randomUUID()}`);
    let written = 0;
    body.on("data", (chunk: Buffer) => {
      written += chunk.length;
    });
    try {
      await pipeline(body, createWriteStream(temporary, { flags: "wx" }));
      if (written !== length)
        throw new LengthMismatchError(`got ${written} bytes, Content-Length said ${length}`);
      await link(temporary, path);
      return "created";
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return "exists";
      throw error;
    } finally {
      await unlink(temporary).catch(() => {});
    }
  }
}
