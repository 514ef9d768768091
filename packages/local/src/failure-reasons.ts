/**
 * Reads why messages failed from a handler's structured log lines (one JSON document a line, as
 * `@acme/runtime`'s logger and most Lambda loggers write), so the local DLQ can say what the
 * handler said, not only that the message was in `batchItemFailures`.
 *
 * - An `ERROR` line with a `messageId` gives that message's reason: its `reason`, else its
 *   `error.message` (or `error` when a string), else its `message`.
 * - A line listing `skippedMessageIds` (a FIFO batch stopped at a failure) gives each skipped
 *   message the reason "not handled: <failedMessageId> before it in its group failed".
 */
/** Reasons kept for messages not (yet) asked about: lines of HTTP requests, say, are never taken. */
const KEPT = 1000;

export class FailureReasons {
  private readonly reasons = new Map<string, string>();
  private partial = "";

  /** Feeds written output; complete lines are read, the rest waits for its end. */
  write(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split("\n");
    this.partial = lines.pop() ?? "";
    for (const line of lines) this.readLine(line);
  }

  /** The reasons recorded for these ids (and forgets them). */
  take(messageIds: readonly string[]): Record<string, string> {
    const found: Record<string, string> = {};
    for (const id of messageIds) {
      const reason = this.reasons.get(id);
      if (reason === undefined) continue;
      found[id] = reason;
      this.reasons.delete(id);
    }
    return found;
  }

  private remember(messageId: string, reason: string): void {
    // The first reason logged for a message is the cause; later lines tend to be consequences.
    if (this.reasons.has(messageId)) return;
    this.reasons.set(messageId, reason);
    if (this.reasons.size > KEPT) {
      const oldest = this.reasons.keys().next().value;
      if (oldest !== undefined) this.reasons.delete(oldest);
    }
  }

  private readLine(line: string): void {
    const start = line.indexOf("{");
    if (start === -1) return;
    let entry: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(line.slice(start));
      if (parsed === null || typeof parsed !== "object") return;
      entry = parsed as Record<string, unknown>;
    } catch {
      return;
    }
    const level = String(entry.level ?? "").toUpperCase();
    if (level === "ERROR" && typeof entry.messageId === "string") {
      this.remember(entry.messageId, reasonOf(entry));
    }
    if (Array.isArray(entry.skippedMessageIds)) {
      const failedId =
        typeof entry.failedMessageId === "string" ? entry.failedMessageId : "a message";
      for (const id of entry.skippedMessageIds) {
        if (typeof id === "string") {
          this.remember(id, `not handled: ${failedId} before it in its group failed`);
        }
      }
    }
  }
}

function reasonOf(entry: Record<string, unknown>): string {
  if (typeof entry.reason === "string" && entry.reason) return entry.reason;
  const error = entry.error;
  if (typeof error === "string" && error) return error;
  if (error !== null && typeof error === "object") {
    const message = (error as { message?: unknown }).message;
    if (typeof message === "string" && message) return message;
  }
  return String(entry.message ?? "the handler logged an error");
}
