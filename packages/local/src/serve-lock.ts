import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import type { LocalPaths } from "./paths";
import { pathForUser } from "./user-path";

/** What `.local/serve.json` says about the serve that holds the lock. */
export interface ServeRecord {
  pid: number;
  /** Random per serve: `shipyard-send` checks the server it reaches answers with the same one. */
  instance: string;
  startedAt: string;
  appDir: string;
  /** Set once the service listens. */
  url?: string;
  queues?: string[];
  crons?: string[];
}

export class ServeLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServeLockedError";
  }
}

/** Whether a process with this id exists (EPERM: it does, under another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readServeRecord(paths: LocalPaths): ServeRecord | undefined {
  if (!existsSync(paths.state)) return undefined;
  try {
    return JSON.parse(readFileSync(paths.state, "utf8")) as ServeRecord;
  } catch {
    return undefined; // Half-written by a serve that is starting, or damaged: treated as absent.
  }
}

export interface ServeLock {
  readonly record: ServeRecord;
  /** A serve that was killed left its record behind: its pid, for the start-up message. */
  readonly recoveredFrom: number | undefined;
  /** Records where the service listens, for `shipyard-send`, `run` and `dlq`. */
  publish(details: Pick<ServeRecord, "url" | "queues" | "crons">): void;
  release(): void;
}

/**
 * Takes the service's `.local/` for this process, so that two serves never share its database,
 * queues and buckets. The lock is SQLite's exclusive lock on `.local/serve.lock` (an advisory
 * file lock the kernel drops when the process ends, however it ends), so a lock left by a killed
 * serve is never stale: the next serve simply takes it. `.local/serve.json` says who holds it.
 */
export function acquireServeLock(paths: LocalPaths, appDir: string): ServeLock {
  const db = new Database(paths.lock, { timeout: 0 });
  try {
    db.pragma("locking_mode = EXCLUSIVE");
    db.exec("create table if not exists holder (pid integer, started_at text)");
    db.exec("begin exclusive");
    db.prepare("delete from holder").run();
    db.prepare("insert into holder values (?, ?)").run(process.pid, new Date().toISOString());
    db.exec("commit");
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code !== "SQLITE_BUSY") throw error;
    throw new ServeLockedError(lockedMessage(paths, appDir));
  }

  const previous = readServeRecord(paths);
  const recoveredFrom =
    previous && previous.pid !== process.pid && !isProcessAlive(previous.pid)
      ? previous.pid
      : undefined;
  const record: ServeRecord = {
    pid: process.pid,
    instance: randomUUID(),
    startedAt: new Date().toISOString(),
    appDir,
  };
  const write = () => writeFileSync(paths.state, `${JSON.stringify(record, null, 2)}\n`);
  write();
  let released = false;
  return {
    record,
    recoveredFrom,
    publish(details) {
      Object.assign(record, details);
      write();
    },
    release() {
      if (released) return;
      released = true;
      if (readServeRecord(paths)?.instance === record.instance)
        rmSync(paths.state, { force: true });
      db.close();
    },
  };
}

function lockedMessage(paths: LocalPaths, appDir: string): string {
  const where = pathForUser(paths.root);
  const holder = readServeRecord(paths);
  if (!holder) {
    return `Another shipyard-serve is starting for ${appDir} and holds its data in ${where}. Wait for it, or stop it, then try again.`;
  }
  const at = holder.url ? `, listening on ${holder.url}` : "";
  return [
    `Another shipyard-serve (pid ${holder.pid}${at}, started ${holder.startedAt}) is serving ${holder.appDir} and holds its data in ${where}.`,
    `Two serves would share one database and queue. Use that one, or stop it first (Ctrl-C in its terminal, or \`kill ${holder.pid}\`) and start again.`,
  ].join("\n");
}
