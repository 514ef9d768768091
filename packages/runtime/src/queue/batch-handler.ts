import type { StandardSchemaV1 } from "@standard-schema/spec";
import type {
  Context,
  SQSBatchItemFailure,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from "aws-lambda";
import { describeThrown } from "../errors/thrown";
import { createLogger, type Logger } from "../logger";
import { toValidationIssues } from "../schema";
import { isFifoRecord } from "./fifo";
import { runPool } from "./run-pool";

/** What a record handler receives besides the body and the raw record. */
export interface RecordContext {
  /** A child of the service logger that writes `messageId` on every line. */
  logger: Logger;
  /** How many times SQS delivered this message, 1 on the first attempt. */
  receiveCount: number;
  /** The Lambda invocation context, when invoked by Lambda. */
  lambdaContext: Context | undefined;
}

/** Options of {@link createBatchHandler}. */
export interface BatchHandlerOptions<Schema extends StandardSchemaV1> {
  /** Name of the service, for the default logger. */
  service: string;
  /** The service logger. @default `createLogger({ service })` */
  logger?: Logger;
  /**
   * Standard Schema (valibot, zod, arktype, ...) the parsed JSON body must satisfy; the handler
   * then receives its output. A record that fails it is reported as failed.
   */
  parse?: Schema;
  /**
   * How many records of a standard queue are handled at once. FIFO batches are always handled
   * one record at a time, in order.
   * @default 1
   */
  concurrency?: number;
  /**
   * Handles one record. Resolve to acknowledge it; throw (or reject) to have SQS deliver it again
   * (and eventually move it to the dead-letter queue).
   */
  handle: (
    body: StandardSchemaV1.InferOutput<Schema>,
    record: SQSRecord,
    context: RecordContext,
  ) => Promise<void>;
}

/** A Lambda handler for SQS events that reports partial batch failures. */
export type BatchHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

/** Why a record failed before reaching the handler. */
class RecordRejected extends Error {
  constructor(
    readonly reason: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(reason);
  }
}

async function parseBody(record: SQSRecord, schema: StandardSchemaV1 | undefined) {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    // Not the parser's message: it quotes the body, which may hold personal data or secrets.
    throw new RecordRejected("body is not valid JSON", { bodyLength: record.body.length });
  }
  if (!schema) return body;
  const result = await schema["~standard"].validate(body);
  if (result.issues) {
    throw new RecordRejected("body does not match the schema", {
      issues: toValidationIssues(result.issues),
    });
  }
  return result.value;
}

/**
 * Logs why a record failed. Whatever was thrown, and even if logging it fails, only this record
 * fails: an exception here would fail the whole batch, retrying records already handled.
 */
function logFailure(logger: Logger, error: unknown): void {
  try {
    if (error instanceof RecordRejected) {
      logger.error(`record rejected: ${error.reason}`, { reason: error.reason, ...error.details });
    } else if (error instanceof Error) {
      logger.error("record failed", error);
    } else {
      logger.error("record failed", { error: describeThrown(error) });
    }
  } catch {
    logger.error("record failed", { error: describeThrown(error) });
  }
}

/**
 * Create a Lambda handler for an SQS queue that handles each record on its own and reports only
 * the failed ones, so SQS deletes the rest (partial batch response). Enable it on the
 * subscription (`batch: { partialResponses: true }` in SST), or a single failure makes SQS retry
 * the whole batch.
 *
 * - The body is parsed as JSON, then checked against `parse` when given; a record whose body is
 *   not JSON or does not match fails on its own, and the reason is logged.
 * - Each record is handled with a child logger bound to `messageId`.
 * - Standard queues: records run `concurrency` at a time (default 1, sequential).
 * - FIFO queues (ARN ending in `.fifo`, or a `MessageGroupId`): records run one at a time in
 *   order; after the first failure the remaining records are not handled and are reported as
 *   failed too, so SQS redelivers them in order.
 *
 * @example
 * ```ts title="services/orders/src/worker.ts"
 * import { createBatchHandler } from "@acme/runtime";
 * import * as v from "valibot";
 *
 * export const handler = createBatchHandler({
 *   service: "orders",
 *   parse: v.object({ orderId: v.string() }),
 *   concurrency: 5,
 *   handle: async ({ orderId }, _record, { logger }) => {
 *     logger.info("shipping order", { orderId });
 *     await ship(orderId);
 *   },
 * });
 * ```
 */
export function createBatchHandler<Schema extends StandardSchemaV1 = StandardSchemaV1>(
  options: BatchHandlerOptions<Schema>,
): BatchHandler {
  const baseLogger = options.logger ?? createLogger({ service: options.service });
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  }

  return async (event, lambdaContext) => {
    const records = event.Records;
    const failed = new Set<string>();

    const processRecord = async (record: SQSRecord): Promise<boolean> => {
      const logger = baseLogger.withContext({ messageId: record.messageId });
      try {
        const body = await parseBody(record, options.parse);
        await options.handle(body as StandardSchemaV1.InferOutput<Schema>, record, {
          logger,
          receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
          lambdaContext,
        });
        return true;
      } catch (error) {
        logFailure(logger, error);
        failed.add(record.messageId);
        return false;
      }
    };

    const fifo = records.some(isFifoRecord);
    if (fifo) {
      for (const [index, record] of records.entries()) {
        if (await processRecord(record)) continue;
        const skipped = records.slice(index + 1);
        for (const rest of skipped) failed.add(rest.messageId);
        if (skipped.length > 0) {
          baseLogger.warn("FIFO batch stopped at the first failure", {
            failedMessageId: record.messageId,
            skippedMessageIds: skipped.map((rest) => rest.messageId),
          });
        }
        break;
      }
    } else {
      await runPool(records, concurrency, async (record) => {
        await processRecord(record);
      });
    }

    // In batch order, whatever order the records completed in.
    const batchItemFailures: SQSBatchItemFailure[] = records
      .filter((record) => failed.has(record.messageId))
      .map((record) => ({ itemIdentifier: record.messageId }));
    baseLogger.info("batch processed", {
      records: records.length,
      failed: batchItemFailures.length,
      fifo,
    });
    return { batchItemFailures };
  };
}
