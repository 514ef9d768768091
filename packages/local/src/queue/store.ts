import { existsSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { ensureDir } from "../paths";

/** A message as the local queue keeps it. */
export interface StoredMessage {
  messageId: string;
  body: string;
  sentTimestamp: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  /** Epoch ms before which the message is not delivered (in flight or waiting to be retried). */
  visibleAt: number;
  messageGroupId?: string;
  /** Why the last receive failed, shown in the DLQ. */
  lastError?: string;
  /** When it moved to the dead-letter queue. */
  deadLetteredAt?: number;
}

interface Row {
  message_id: string;
  body: string;
  group_id: string | null;
  sent_at: number;
  receive_count: number;
  first_receive_at: number | null;
  visible_at: number;
  last_error: string | null;
  dead_lettered_at: number | null;
}

const SCHEMA = `
create table if not exists messages (
  seq integer primary key autoincrement,
  queue text not null,
  message_id text not null unique,
  body text not null,
  group_id text,
  sent_at integer not null,
  receive_count integer not null default 0,
  first_receive_at integer,
  visible_at integer not null default 0,
  last_error text,
  dead_lettered_at integer,
  dlq integer not null default 0
);
create index if not exists messages_order on messages (queue, dlq, seq);
create index if not exists messages_next on messages (queue, dlq, visible_at);
create index if not exists messages_group on messages (queue, dlq, group_id, seq);
`;

function toMessage(row: Row): StoredMessage {
  return {
    messageId: row.message_id,
    body: row.body,
    sentTimestamp: row.sent_at,
    receiveCount: row.receive_count,
    visibleAt: row.visible_at,
    ...(row.first_receive_at !== null ? { firstReceiveTimestamp: row.first_receive_at } : {}),
    ...(row.group_id !== null ? { messageGroupId: row.group_id } : {}),
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    ...(row.dead_lettered_at !== null ? { deadLetteredAt: row.dead_lettered_at } : {}),
  };
}

/**
 * The local queues' messages and dead letters, in one SQLite database (`.local/queues/queues.db`,
 * through better-sqlite3). Every change is one indexed statement, so a send costs the same with
 * a backlog of ten messages or of a million (the JSON file it replaces was rewritten whole on
 * every send). Queue files of earlier versions (`<Name>.json`) are imported once and renamed to
 * `<Name>.json.imported`.
 */
export class QueueStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(dir: string) {
    this.db = new Database(join(ensureDir(dir), "queues.db"));
    this.db.pragma("journal_mode = WAL");
    // WAL with synchronous=NORMAL survives a killed process (not a power cut): enough locally.
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(SCHEMA);
    const db = this.db;
    this.statements = {
      insert: db.prepare(
        `insert into messages (queue, message_id, body, group_id, sent_at, receive_count, first_receive_at, visible_at, last_error, dead_lettered_at, dlq)
         values (@queue, @messageId, @body, @groupId, @sentAt, @receiveCount, @firstReceiveAt, @visibleAt, @lastError, @deadLetteredAt, @dlq)`,
      ),
      visibleInOrder: db.prepare(
        "select * from messages where queue = ? and dlq = 0 and visible_at <= ? order by seq limit ?",
      ),
      // The oldest visible message with no earlier message of its group still in flight or
      // waiting for a retry: the head of the first group SQS FIFO may deliver.
      fifoHead: db.prepare(
        `select m.* from messages m where m.queue = @queue and m.dlq = 0 and m.visible_at <= @now
           and not exists (select 1 from messages e where e.queue = m.queue and e.dlq = 0
             and e.group_id = m.group_id and e.seq < m.seq and e.visible_at > @now)
         order by m.seq limit 1`,
      ),
      groupInOrder: db.prepare(
        "select * from messages where queue = ? and dlq = 0 and group_id = ? order by seq limit ?",
      ),
      receive: db.prepare(
        "update messages set receive_count = receive_count + 1, first_receive_at = coalesce(first_receive_at, @now), visible_at = @visibleAt where message_id = @messageId",
      ),
      unreceive: db.prepare(
        "update messages set receive_count = max(receive_count - 1, 0), visible_at = 0 where message_id = ?",
      ),
      remove: db.prepare("delete from messages where message_id = ?"),
      retry: db.prepare(
        "update messages set visible_at = @visibleAt, last_error = @lastError where message_id = @messageId",
      ),
      deadLetter: db.prepare(
        "update messages set dlq = 1, dead_lettered_at = @at, last_error = @lastError where message_id = @messageId",
      ),
      deadLetters: db.prepare("select * from messages where queue = ? and dlq = 1 order by seq"),
      redrive: db.prepare(
        "update messages set dlq = 0, dead_lettered_at = null, last_error = null, receive_count = 0, visible_at = 0 where queue = ? and dlq = 1",
      ),
      nextVisible: db.prepare(
        "select min(visible_at) as next from messages where queue = ? and dlq = 0 and visible_at > ?",
      ),
      counts: db.prepare(
        `select sum(case when dlq = 0 and visible_at <= @now then 1 else 0 end) as visible,
                sum(case when dlq = 0 and visible_at > @now then 1 else 0 end) as waiting,
                sum(dlq) as deadLettered
         from messages where queue = @queue`,
      ),
      releaseInFlight: db.prepare("update messages set visible_at = 0 where queue = ? and dlq = 0"),
    };
  }

  /** Adds a message: one insert, whatever the backlog. */
  add(queue: string, message: StoredMessage): void {
    this.statements.insert.run({
      queue,
      messageId: message.messageId,
      body: message.body,
      groupId: message.messageGroupId ?? null,
      sentAt: message.sentTimestamp,
      receiveCount: message.receiveCount,
      firstReceiveAt: message.firstReceiveTimestamp ?? null,
      visibleAt: message.visibleAt,
      lastError: message.lastError ?? null,
      deadLetteredAt: message.deadLetteredAt ?? null,
      dlq: message.deadLetteredAt === undefined ? 0 : 1,
    });
  }

  /** Adds many messages in one transaction (imports, benchmarks). */
  addMany(queue: string, messages: readonly StoredMessage[]): void {
    this.db.transaction(() => {
      for (const message of messages) this.add(queue, message);
    })();
  }

  /** Up to `limit` visible messages, oldest first (a standard queue). */
  visible(queue: string, now: number, limit: number): StoredMessage[] {
    return (this.statements.visibleInOrder.all(queue, now, limit) as Row[]).map(toMessage);
  }

  /**
   * Up to `limit` messages of one message group, in order, as SQS FIFO hands them to Lambda: the
   * group whose next message is the oldest deliverable one, and only while no earlier message of
   * that group is in flight or waiting to be retried.
   */
  nextFifoGroup(queue: string, now: number, limit: number): StoredMessage[] {
    const head = this.statements.fifoHead.get({ queue, now }) as Row | undefined;
    if (!head) return [];
    const group = this.statements.groupInOrder.all(queue, head.group_id, limit) as Row[];
    const batch: StoredMessage[] = [];
    for (const row of group) {
      if (row.visible_at > now) break;
      batch.push(toMessage(row));
    }
    return batch;
  }

  /** Marks a batch received: counts the receive and hides it until `visibleAt`. */
  receive(messages: readonly StoredMessage[], now: number, visibleAt: number): void {
    this.db.transaction(() => {
      for (const message of messages) {
        this.statements.receive.run({ now, visibleAt, messageId: message.messageId });
      }
    })();
  }

  /** Undoes a receive that was interrupted (serve stopping): the next serve delivers it again. */
  unreceive(messages: readonly StoredMessage[]): void {
    this.db.transaction(() => {
      for (const message of messages) this.statements.unreceive.run(message.messageId);
    })();
  }

  /** Applies what the consumer's answer decided, in one transaction. */
  settle(outcome: {
    deleted: readonly string[];
    retried: readonly { messageId: string; visibleAt: number; lastError: string }[];
    deadLettered: readonly { messageId: string; at: number; lastError: string }[];
  }): void {
    this.db.transaction(() => {
      for (const id of outcome.deleted) this.statements.remove.run(id);
      for (const retry of outcome.retried) this.statements.retry.run(retry);
      for (const dead of outcome.deadLettered) this.statements.deadLetter.run(dead);
    })();
  }

  deadLetters(queue: string): StoredMessage[] {
    return (this.statements.deadLetters.all(queue) as Row[]).map(toMessage);
  }

  /** Moves every dead letter back to the queue with a fresh receive count; returns how many. */
  redrive(queue: string): number {
    return this.statements.redrive.run(queue).changes;
  }

  /** When the next message hidden at `now` becomes visible, if any is hidden. */
  nextVisibleAfter(queue: string, now: number): number | undefined {
    const row = this.statements.nextVisible.get(queue, now) as { next: number | null };
    return row.next ?? undefined;
  }

  counts(queue: string, now: number): { visible: number; waiting: number; deadLettered: number } {
    const row = this.statements.counts.get({ queue, now }) as Record<string, number | null>;
    return {
      visible: row.visible ?? 0,
      waiting: row.waiting ?? 0,
      deadLettered: row.deadLettered ?? 0,
    };
  }

  /** Messages in flight when serve last stopped are delivered again, as SQS does after the timeout. */
  releaseInFlight(queue: string): void {
    this.statements.releaseInFlight.run(queue);
  }

  /** Imports the JSON queue files of earlier versions of serve, once. */
  importLegacyFiles(dir: string): string[] {
    const imported: string[] = [];
    for (const file of existsSync(dir) ? readdirSync(dir) : []) {
      if (!file.endsWith(".json")) continue;
      const path = join(dir, file);
      const queue = file.slice(0, -".json".length);
      const legacy = JSON.parse(readFileSync(path, "utf8")) as {
        messages?: StoredMessage[];
        dlq?: StoredMessage[];
      };
      this.addMany(queue, [...(legacy.messages ?? []), ...(legacy.dlq ?? [])]);
      renameSync(path, `${path}.imported`);
      imported.push(queue);
    }
    return imported;
  }

  close(): void {
    this.db.close();
  }
}
