import { type LogItem, Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import type { ConstructorOptions, LogAttributes } from "@aws-lambda-powertools/logger/types";
import { createRedactor } from "./redact";

/** A log level name, upper or lower case. */
export type LogLevel = "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "CRITICAL" | "SILENT";

/** Receives each log line (one JSON document, no trailing newline). */
export type LogSink = (line: string) => void;

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** Name of the service, written as `service` on every line. */
  service: string;
  /**
   * Stage the code runs in, written as `stage` on every line.
   * @default `SST_STAGE`, then `STAGE` from the environment, then the stage of the linked SST
   * app (`SST_RESOURCE_App`), then `"local"`
   */
  stage?: string;
  /**
   * Lowest level written.
   * @default `LOG_LEVEL` (or `POWERTOOLS_LOG_LEVEL`) from the environment, then `"INFO"`.
   * On Lambda, the function's advanced logging control level (`AWS_LAMBDA_LOG_LEVEL`) wins.
   */
  level?: LogLevel | Lowercase<LogLevel>;
  /**
   * Extra key fragments whose values are replaced with `"[REDACTED]"`, on top of the default
   * deny-list (password, secret, token, authorization, cookie, apiKey, ...).
   */
  redact?: readonly string[];
  /**
   * Where lines go. Defaults to stdout through powertools' console; pass a function to capture
   * lines, for example in tests.
   */
  write?: LogSink;
}

/**
 * A structured JSON logger: powertools' `Logger` with redaction and a way to bind a
 * correlation id to a child logger. Create it with {@link createLogger}.
 */
export class Logger extends PowertoolsLogger {
  readonly #write: LogSink | undefined;

  /** @internal Use {@link createLogger}. */
  constructor(options: ConstructorOptions = {}, write?: LogSink) {
    super(options);
    this.#write = write;
  }

  /**
   * Return a child logger that writes `keys` on every line, for example a request or message
   * id. The parent is left untouched, so concurrent requests never share keys.
   *
   * @example
   * ```ts
   * const log = logger.withContext({ requestId: "abc" });
   * log.info("order created", { orderId: "42" });
   * // {"level":"INFO","message":"order created","service":"orders","requestId":"abc",...}
   * ```
   */
  withContext(keys: LogAttributes): Logger {
    return this.createChild({ persistentKeys: keys }) as Logger;
  }

  protected override createLogger(options?: ConstructorOptions): Logger {
    return new Logger(options, this.#write);
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    // The parent constructor may print before `#write` exists: those lines go to stdout.
    const write = #write in this ? this.#write : undefined;
    if (!write) {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    write(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
  }
}

/** The stage SST links to every function in `SST_RESOURCE_App`, if any. */
function linkedAppStage(): string | undefined {
  try {
    const app: unknown = JSON.parse(process.env.SST_RESOURCE_App ?? "null");
    const stage = (app as { stage?: unknown } | null)?.stage;
    return typeof stage === "string" && stage !== "" ? stage : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Create the service's logger. Every line is one JSON document with `level`, `message`,
 * `timestamp`, `service` and `stage`, plus whatever keys were bound with
 * {@link Logger.withContext}. Values of secret-looking keys are replaced with `"[REDACTED]"`,
 * at any depth.
 *
 * @example
 * ```ts
 * import { createLogger } from "@acme/runtime";
 *
 * const logger = createLogger({ service: "orders" });
 * logger.info("order created", { orderId: "42", customer: { apiKey: "k" } });
 * // {"level":"INFO","message":"order created","timestamp":"...","service":"orders",
 * //  "stage":"dev","orderId":"42","customer":{"apiKey":"[REDACTED]"}}
 * ```
 */
export function createLogger(options: LoggerOptions): Logger {
  const stage =
    options.stage ?? process.env.SST_STAGE ?? process.env.STAGE ?? linkedAppStage() ?? "local";
  return new Logger(
    {
      serviceName: options.service,
      ...(options.level ? { logLevel: options.level } : {}),
      persistentKeys: { stage },
      jsonReplacerFn: createRedactor(options.redact),
    },
    options.write,
  );
}
