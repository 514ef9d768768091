import { createHash, randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import { ensureDir } from "./paths";

/** A message as the local queue keeps it on disk. */
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

interface QueueFile {
  messages: StoredMessage[];
  dlq: StoredMessage[];
}

export interface LocalQueueOptions {
  /** The queue's link name, e.g. `Queue`. */
  name: string;
  /** Folder of the queue files (`.local/queues`). */
  dir: string;
  app: string;
  stage: string;
  /** Receives before a message moves to the dead-letter queue; undefined: kept forever. */
  maxReceiveCount: number | undefined;
  batchSize: number;
  /** Honour `batchItemFailures` (`ReportBatchItemFailures` on the subscription). */
  partialResponses: boolean;
  fifo: boolean;
  /** How long a failed message stays invisible before it is retried (AWS: the visibility timeout). */
  retryAfterMs: number;
  /** How long a received message stays in flight at most (the function timeout). */
  inFlightMs: number;
  /** Invokes the subscriber; undefined when nothing consumes the queue locally. */
  consumer: ((event: SQSEvent) => Promise<unknown>) | undefined;
  log: (line: string) => void;
}

const REGION = "us-east-1";
const ACCOUNT = "000000000000";

/**
 * An SQS queue on disk (`.local/queues/<Name>.json`), with its dead-letter queue in the same file.
 * Messages survive restarts. A poller hands visible messages to the consumer in batches of SQS
 * records; after the consumer answers, succeeded messages are deleted and failed ones are retried
 * after `retryAfterMs`, until their `maxReceiveCount`-th receive fails: then they move to the DLQ.
 */
export class LocalQueue {
  readonly name: string;
  private readonly file: string;
  private state: QueueFile;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = false;
  private draining: Promise<void> = Promise.resolve();

  constructor(private readonly options: LocalQueueOptions) {
    this.name = options.name;
    this.file = join(ensureDir(options.dir), `${options.name}.json`);
    this.state = existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, "utf8")) as QueueFile)
      : { messages: [], dlq: [] };
    // Messages in flight when serve stopped are delivered again, as SQS does after the timeout.
    for (const message of this.state.messages) message.visibleAt = 0;
    this.save();
  }

  get arn(): string {
    return `arn:aws:sqs:${REGION}:${ACCOUNT}:${this.physicalName}`;
  }

  get physicalName(): string {
    return `${this.options.app}-${this.options.stage}-${this.name}${this.options.fifo ? ".fifo" : ""}`;
  }

  /** Adds a message and wakes the poller; returns its id. */
  send(body: string, options: { messageGroupId?: string } = {}): StoredMessage {
    if (this.options.fifo && !options.messageGroupId) {
      throw new Error(`Queue "${this.name}" is FIFO: a message needs a MessageGroupId.`);
    }
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      sentTimestamp: Date.now(),
      receiveCount: 0,
      visibleAt: 0,
      ...(options.messageGroupId ? { messageGroupId: options.messageGroupId } : {}),
    };
    this.state.messages.push(message);
    this.save();
    this.wake();
    return message;
  }

  /** Counts, for status output. */
  stats() {
    const now = Date.now();
    return {
      name: this.name,
      visible: this.state.messages.filter((m) => m.visibleAt <= now).length,
      waiting: this.state.messages.filter((m) => m.visibleAt > now).length,
      deadLettered: this.state.dlq.length,
    };
  }

  /** The messages kept in the dead-letter queue, oldest first. */
  deadLetters(): StoredMessage[] {
    return [...this.state.dlq];
  }

  /** Moves every dead-lettered message back to the queue with a fresh receive count. */
  redrive(): number {
    const moved = this.state.dlq.splice(0);
    for (const message of moved) {
      delete message.deadLetteredAt;
      delete message.lastError;
      message.receiveCount = 0;
      message.visibleAt = 0;
      this.state.messages.push(message);
    }
    this.save();
    this.wake();
    return moved.length;
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  /** Stops polling and waits for the batch in progress to be settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.draining;
  }

  /** Polls now (after the current batch), instead of at the next scheduled time. */
  wake(): void {
    if (this.stopped || !this.options.consumer) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poll(), 0);
  }

  private poll(): void {
    this.timer = undefined;
    if (this.running || this.stopped) return;
    this.running = true;
    this.draining = this.receiveBatch()
      .catch((error) => this.options.log(`queue ${this.name}: ${String(error)}`))
      .finally(() => {
        this.running = false;
        this.scheduleNext();
      });
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const now = Date.now();
    const next = Math.min(...this.state.messages.map((m) => m.visibleAt));
    if (!Number.isFinite(next)) return;
    this.timer = setTimeout(() => this.poll(), Math.max(0, next - now));
  }

  private async receiveBatch(): Promise<void> {
    const consumer = this.options.consumer;
    if (!consumer) return;
    const now = Date.now();
    let batch = this.state.messages.filter((m) => m.visibleAt <= now);
    if (this.options.fifo) {
      // One message group at a time, in order, as SQS hands FIFO groups to Lambda.
      const group = batch[0]?.messageGroupId;
      batch = batch.filter((m) => m.messageGroupId === group);
    }
    batch = batch.slice(0, this.options.batchSize);
    if (batch.length === 0) return;
    for (const message of batch) {
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.visibleAt = now + this.options.inFlightMs;
    }
    this.save();

    let failed: Set<string>;
    let reason: string;
    try {
      const result = (await consumer({ Records: batch.map((m) => this.toRecord(m)) })) as
        | Partial<SQSBatchResponse>
        | undefined;
      ({ failed, reason } = this.failuresOf(result, batch));
    } catch (error) {
      failed = new Set(batch.map((m) => m.messageId));
      reason = `the handler threw: ${error instanceof Error ? error.message : String(error)}`;
    }

    const settledAt = Date.now();
    for (const message of batch) {
      const index = this.state.messages.indexOf(message);
      if (index === -1) continue;
      if (!failed.has(message.messageId)) {
        this.state.messages.splice(index, 1);
        continue;
      }
      message.lastError = reason;
      const max = this.options.maxReceiveCount;
      if (max !== undefined && message.receiveCount >= max) {
        this.state.messages.splice(index, 1);
        message.deadLetteredAt = settledAt;
        this.state.dlq.push(message);
        this.options.log(
          `✗ queue ${this.name}: message ${message.messageId} failed ${message.receiveCount} times (${reason}); moved to the dead-letter queue. List: GET /queues/${this.name}/dlq`,
        );
      } else {
        message.visibleAt = settledAt + this.options.retryAfterMs;
        this.options.log(
          `✗ queue ${this.name}: message ${message.messageId} failed (receive ${message.receiveCount}${max ? ` of ${max}` : ""}: ${reason}); retried in ${this.options.retryAfterMs} ms`,
        );
      }
    }
    const done = batch.length - failed.size;
    if (done > 0) this.options.log(`✓ queue ${this.name}: ${done} message(s) processed`);
    this.save();
  }

  /** Which records failed, as Lambda's SQS event source mapping reads the handler's answer. */
  private failuresOf(
    result: Partial<SQSBatchResponse> | undefined,
    batch: StoredMessage[],
  ): { failed: Set<string>; reason: string } {
    const none = { failed: new Set<string>(), reason: "" };
    if (!this.options.partialResponses) return none; // Lambda ignores the answer.
    const failures = result?.batchItemFailures;
    if (failures === undefined || failures === null) return none;
    const ids = new Set(batch.map((m) => m.messageId));
    const failed = new Set<string>();
    for (const failure of failures) {
      const id = failure?.itemIdentifier;
      // An empty or unknown identifier fails the whole batch, as AWS does.
      if (!id || !ids.has(id)) {
        return { failed: ids, reason: `invalid itemIdentifier ${JSON.stringify(id)}` };
      }
      failed.add(id);
    }
    return { failed, reason: "reported in batchItemFailures" };
  }

  private toRecord(message: StoredMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: `${message.messageId}#${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentTimestamp),
        SenderId: "LOCAL",
        ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? Date.now()),
        ...(message.messageGroupId
          ? {
              MessageGroupId: message.messageGroupId,
              MessageDeduplicationId: message.messageId,
              SequenceNumber: String(message.sentTimestamp),
            }
          : {}),
      },
      messageAttributes: {},
      md5OfBody: createHash("md5").update(message.body).digest("hex"),
      eventSource: "aws:sqs",
      eventSourceARN: this.arn,
      awsRegion: REGION,
    };
  }

  private save(): void {
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, `${JSON.stringify(this.state, null, 2)}\n`);
    renameSync(temp, this.file);
  }
}
