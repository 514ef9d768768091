import { createHash, randomUUID } from "node:crypto";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { QueueStore, StoredMessage } from "./store";
import { messageProblem } from "./validate";

export type { StoredMessage } from "./store";

/** What the subscriber answered: its return value and, per message id, why it failed (its logs). */
export interface ConsumerAnswer {
  value: unknown;
  reasons?: Record<string, string>;
}

/** A message SQS would refuse (empty, too long, no group on a FIFO queue...). */
export class InvalidMessageError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "InvalidMessageError";
  }
}

export interface LocalQueueOptions {
  /** The queue's link name, e.g. `Queue`. */
  name: string;
  /** Where the messages are kept (shared by every queue of the service). */
  store: QueueStore;
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
  consumer: ((event: SQSEvent) => Promise<ConsumerAnswer>) | undefined;
  /**
   * How long `stop()` waits for the batch being handled to finish. A batch still running then is
   * interrupted and its receive is not counted: the next serve delivers it again.
   * @default 10000
   */
  stopGraceMs?: number;
  log: (line: string) => void;
}

/** One look at the queue: when it was taken, and how many messages it handed to the consumer. */
interface Look {
  delivered: number;
  at: number;
}

/** A timer that can be cancelled. */
interface Pending {
  cancel(): void;
}

/**
 * Runs `run` after `ms`. The timer's handle is never named: services' tests reach this file through
 * `@acme/local/testing` and typecheck it with SST's platform types, where Bun's global
 * `setTimeout` returns a `Timer` that is not Node's `Timeout`.
 */
function after(ms: number, run: () => void): Pending {
  const handle = setTimeout(run, ms);
  return { cancel: () => clearTimeout(handle) };
}

const REGION = "us-east-1";
const ACCOUNT = "000000000000";

/**
 * An SQS queue kept in the service's {@link QueueStore}, with its dead-letter queue. Messages
 * survive restarts. A poller hands visible messages to the consumer in batches of SQS records;
 * after the consumer answers, succeeded messages are deleted and failed ones are retried after
 * `retryAfterMs`, until their `maxReceiveCount`-th receive fails: then they move to the DLQ with
 * the reason the handler logged. FIFO queues deliver one message group at a time, in order, and
 * hold a group while an earlier message of it is in flight or waiting to be retried.
 */
export class LocalQueue {
  readonly name: string;
  private readonly store: QueueStore;
  private timer: Pending | undefined;
  private running = false;
  private stopped = false;
  private interrupted = false;
  private draining: Promise<void> = Promise.resolve();

  constructor(private readonly options: LocalQueueOptions) {
    this.name = options.name;
    this.store = options.store;
    this.store.releaseInFlight(this.name);
  }

  get arn(): string {
    return `arn:aws:sqs:${REGION}:${ACCOUNT}:${this.physicalName}`;
  }

  get physicalName(): string {
    return `${this.options.app}-${this.options.stage}-${this.name}${this.options.fifo ? ".fifo" : ""}`;
  }

  get fifo(): boolean {
    return this.options.fifo;
  }

  /**
   * Adds a message and wakes the poller; throws {@link InvalidMessageError} (and stores nothing)
   * when SQS would refuse it.
   */
  send(body: unknown, options: { messageGroupId?: unknown } = {}): StoredMessage {
    const problem = messageProblem({ body, messageGroupId: options.messageGroupId }, this.fifo);
    if (problem) throw new InvalidMessageError(problem.code, problem.message);
    const message: StoredMessage = {
      messageId: randomUUID(),
      body: body as string,
      sentTimestamp: Date.now(),
      receiveCount: 0,
      visibleAt: 0,
      ...(typeof options.messageGroupId === "string"
        ? { messageGroupId: options.messageGroupId }
        : {}),
    };
    this.store.add(this.name, message);
    this.wake();
    return message;
  }

  /** Counts, for status output. */
  stats() {
    return { name: this.name, ...this.store.counts(this.name, Date.now()) };
  }

  /** The messages kept in the dead-letter queue, oldest first. */
  deadLetters(): StoredMessage[] {
    return this.store.deadLetters(this.name);
  }

  /** Moves every dead-lettered message back to the queue with a fresh receive count. */
  redrive(): number {
    const moved = this.store.redrive(this.name);
    this.wake();
    return moved;
  }

  start(): void {
    this.stopped = false;
    this.interrupted = false;
    this.wake();
  }

  /**
   * Stops polling and lets the batch in progress finish (up to `stopGraceMs`). A batch still
   * running after that is put back as it was before its receive, uncounted.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
    const grace = this.options.stopGraceMs ?? 10_000;
    let timer: Pending | undefined;
    const finished = await Promise.race([
      this.draining.then(() => true),
      new Promise<false>((resolve) => {
        timer = after(grace, () => resolve(false));
      }),
    ]);
    timer?.cancel();
    if (!finished) this.interrupt();
  }

  /** Polls now (after the current batch), instead of at the next scheduled time. */
  wake(): void {
    if (this.stopped || !this.options.consumer) return;
    this.timer?.cancel();
    this.timer = after(0, () => this.poll());
  }

  private inFlight: StoredMessage[] = [];

  private interrupt(): void {
    this.interrupted = true;
    if (this.inFlight.length === 0) return;
    this.store.unreceive(this.inFlight);
    this.options.log(
      `queue ${this.name}: stopped while ${this.inFlight.length} message(s) were being handled; they were not counted as received and will be delivered again.`,
    );
    this.inFlight = [];
  }

  private poll(): void {
    this.timer = undefined;
    if (this.running || this.stopped) return;
    this.running = true;
    let look: Look = { delivered: 0, at: Date.now() };
    this.draining = this.receiveBatch()
      .then((result) => {
        look = result;
      })
      .catch((error) => this.options.log(`queue ${this.name}: ${String(error)}`))
      .finally(() => {
        this.running = false;
        this.scheduleNext(look);
      });
  }

  /**
   * After a delivery, looks again at once; after an empty look, when the first message hidden at
   * the time of that look shows. Asking "hidden now?" instead would lose a message that became
   * visible since the look (a timer may fire a millisecond early, a busy machine may pause the
   * process): it is neither delivered nor hidden any more, and the queue would idle until the
   * next send.
   */
  private scheduleNext(look: Look): void {
    if (this.stopped) return;
    const now = Date.now();
    const next = look.delivered > 0 ? now : this.store.nextVisibleAfter(this.name, look.at);
    if (next === undefined) return; // Idle until a send or a redrive wakes it.
    const delay = Math.min(Math.max(0, next - now), 2 ** 31 - 1);
    this.timer = after(delay, () => this.poll());
  }

  private nextBatch(now: number): StoredMessage[] {
    const { batchSize } = this.options;
    return this.fifo
      ? this.store.nextFifoGroup(this.name, now, batchSize)
      : this.store.visible(this.name, now, batchSize);
  }

  /** Hands one batch to the consumer and settles it; says when it looked and what it delivered. */
  private async receiveBatch(): Promise<Look> {
    const now = Date.now();
    const consumer = this.options.consumer;
    if (!consumer) return { delivered: 0, at: now };
    const batch = this.nextBatch(now);
    if (batch.length === 0) return { delivered: 0, at: now };
    this.store.receive(batch, now, now + this.options.inFlightMs);
    for (const message of batch) {
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
    }
    this.inFlight = batch;

    let failed: Set<string>;
    let reasons: Record<string, string> = {};
    let fallback: string;
    try {
      const answer = await consumer({ Records: batch.map((m) => this.toRecord(m)) });
      reasons = answer.reasons ?? {};
      ({ failed, reason: fallback } = this.failuresOf(
        answer.value as Partial<SQSBatchResponse> | undefined,
        batch,
      ));
    } catch (error) {
      failed = new Set(batch.map((m) => m.messageId));
      reasons = (error as { reasons?: Record<string, string> }).reasons ?? {};
      fallback = `the handler threw: ${error instanceof Error ? error.message : String(error)}`;
    }
    // stop() gave up on this batch and put it back.
    if (this.interrupted) return { delivered: 0, at: now };
    this.inFlight = [];
    this.settle(batch, failed, (id) => reasons[id] ?? fallback);
    return { delivered: batch.length, at: now };
  }

  private settle(
    batch: readonly StoredMessage[],
    failed: ReadonlySet<string>,
    reasonOf: (messageId: string) => string,
  ): void {
    const settledAt = Date.now();
    const max = this.options.maxReceiveCount;
    const deleted: string[] = [];
    const retried: { messageId: string; visibleAt: number; lastError: string }[] = [];
    const deadLettered: { messageId: string; at: number; lastError: string }[] = [];
    for (const message of batch) {
      const { messageId, receiveCount } = message;
      if (!failed.has(messageId)) {
        deleted.push(messageId);
        continue;
      }
      const reason = reasonOf(messageId);
      if (max !== undefined && receiveCount >= max) {
        deadLettered.push({ messageId, at: settledAt, lastError: reason });
        this.options.log(
          `✗ queue ${this.name}: message ${messageId} failed ${receiveCount} times (${reason}); moved to the dead-letter queue. List: GET /queues/${this.name}/dlq`,
        );
      } else {
        retried.push({
          messageId,
          visibleAt: settledAt + this.options.retryAfterMs,
          lastError: reason,
        });
        this.options.log(
          `✗ queue ${this.name}: message ${messageId} failed (receive ${receiveCount}${max ? ` of ${max}` : ""}: ${reason}); retried in ${this.options.retryAfterMs} ms`,
        );
      }
    }
    this.store.settle({ deleted, retried, deadLettered });
    if (deleted.length > 0) {
      this.options.log(`✓ queue ${this.name}: ${deleted.length} message(s) processed`);
    }
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
    return {
      failed,
      reason: "reported in batchItemFailures (the handler logged no reason for it)",
    };
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
}
