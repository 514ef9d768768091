import type { Context } from "aws-lambda";
import { logReplacer } from "./format";
import { LEVEL_THRESHOLDS, type LogLevel, resolveLevel, sampleRate } from "./levels";
import { createRedactor } from "./redact";

export type { LogLevel } from "./levels";

/** Receives each log line (one JSON document, no trailing newline). */
export type LogSink = (line: string) => void;

/** Keys and values written on a line; nested objects, arrays and Errors are fine. */
export type LogAttributes = Record<string, unknown>;

/**
 * What may follow the message: attributes (merged into the line), an Error (written as `error`),
 * a string (written as `extra`), as powertools takes them.
 */
export type LogExtra = LogAttributes | Error | string | null | undefined;

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
   * Where lines go. Defaults to stdout (WARN and above to stderr, as powertools does); pass a
   * function to capture lines, for example in tests.
   */
  write?: LogSink;
}

/** Keys the logger writes itself; powertools drops them from attributes with a warning. */
const RESERVED_KEYS = new Set(["level", "message", "sampling_rate", "service", "timestamp"]);

/** What a logger and its children share. */
interface LoggerSettings {
  service: string;
  threshold: number;
  samplingRate: number;
  redact: (key: string, value: unknown) => unknown;
  write: LogSink | undefined;
}

/**
 * A structured JSON logger for Lambda: one JSON document per line, in the shape of AWS Lambda
 * Powertools' logger (`level`, `message`, `timestamp`, `service`, `sampling_rate`,
 * `xray_trace_id`, then bound keys and the call's attributes), with redaction of secrets and
 * child loggers for correlation ids. Create it with {@link createLogger}.
 */
export class Logger {
  readonly #settings: LoggerSettings;
  readonly #keys: LogAttributes;
  readonly #lambda: LogAttributes;

  /** @internal Use {@link createLogger}. */
  constructor(settings: LoggerSettings, keys: LogAttributes, lambda: LogAttributes = {}) {
    this.#settings = settings;
    this.#keys = keys;
    this.#lambda = lambda;
  }

  trace(message: string, ...extra: LogExtra[]): void {
    this.#log("TRACE", message, extra);
  }

  debug(message: string, ...extra: LogExtra[]): void {
    this.#log("DEBUG", message, extra);
  }

  info(message: string, ...extra: LogExtra[]): void {
    this.#log("INFO", message, extra);
  }

  warn(message: string, ...extra: LogExtra[]): void {
    this.#log("WARN", message, extra);
  }

  error(message: string, ...extra: LogExtra[]): void {
    this.#log("ERROR", message, extra);
  }

  critical(message: string, ...extra: LogExtra[]): void {
    this.#log("CRITICAL", message, extra);
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
    return new Logger(this.#settings, { ...this.#keys, ...this.#allowed(keys) }, this.#lambda);
  }

  /**
   * Return a child logger that writes the invocation's Lambda context on every line, as
   * powertools' `addContext`/`injectLambdaContext` do: `cold_start`, `function_arn`,
   * `function_memory_size`, `function_name`, `function_request_id` (and `tenant_id`).
   * `cold_start` is true on the first call in an on-demand execution environment.
   *
   * @example
   * ```ts
   * export const handler = async (event: unknown, context: Context) => {
   *   const log = logger.withLambdaContext(context);
   *   log.info("started"); // {..."cold_start":true,"function_request_id":"c6af9ac6-...",...}
   * };
   * ```
   */
  withLambdaContext(context: LambdaContextFields): Logger {
    return new Logger(this.#settings, this.#keys, {
      cold_start: takeColdStart(),
      function_arn: context.invokedFunctionArn,
      function_memory_size: context.memoryLimitInMB,
      function_name: context.functionName,
      function_request_id: context.awsRequestId,
      tenant_id: context.tenantId,
    });
  }

  #log(level: LogLevel, message: string, extra: readonly LogExtra[]): void {
    if (LEVEL_THRESHOLDS[level] < this.#settings.threshold) return;
    const line = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: this.#settings.service,
      ...this.#lambda,
      sampling_rate: this.#settings.samplingRate,
      xray_trace_id: xrayTraceId(),
      ...this.#keys,
      ...this.#attributes(extra),
    };
    const text = JSON.stringify(withoutEmptyValues(line), logReplacer(this.#settings.redact));
    const write = this.#settings.write;
    if (write) write(text);
    else writeToStdio(text, level);
  }

  /** The call's extras merged as powertools merges them (later ones win). */
  #attributes(extra: readonly LogExtra[]): LogAttributes {
    const attributes: LogAttributes = {};
    for (const item of extra) {
      if (item === null || item === undefined) continue;
      if (item instanceof Error) attributes.error = item;
      else if (typeof item === "string") attributes.extra = item;
      else Object.assign(attributes, this.#allowed(item));
    }
    return attributes;
  }

  /** `attributes` without the keys the logger writes itself, with powertools' warning for each. */
  #allowed(attributes: LogAttributes): LogAttributes {
    const allowed: LogAttributes = {};
    for (const [key, value] of Object.entries(attributes)) {
      if (RESERVED_KEYS.has(key))
        this.warn(`The key "${key}" is a reserved key and will be dropped.`);
      else allowed[key] = value;
    }
    return allowed;
  }
}

/** What {@link Logger.withLambdaContext} reads of the Lambda context. */
export type LambdaContextFields = Pick<
  Context,
  "invokedFunctionArn" | "memoryLimitInMB" | "functionName" | "awsRequestId" | "tenantId"
>;

/** Whether the execution environment has not served an invocation yet (on-demand only). */
let coldStart: boolean | undefined;

function takeColdStart(): boolean {
  coldStart ??= process.env.AWS_LAMBDA_INITIALIZATION_TYPE?.trim() === "on-demand";
  const wasCold = coldStart;
  coldStart = false;
  return wasCold;
}

/** The line without its top-level empty strings and nulls, which powertools leaves out. */
function withoutEmptyValues(line: LogAttributes): LogAttributes {
  return Object.fromEntries(Object.entries(line).filter(([, v]) => v !== "" && v !== null));
}

/** Powertools writes WARN and above through `console.warn`/`console.error`, i.e. to stderr. */
function writeToStdio(text: string, level: LogLevel): void {
  const stream = LEVEL_THRESHOLDS[level] >= LEVEL_THRESHOLDS.WARN ? process.stderr : process.stdout;
  stream.write(`${text}\n`);
}

/** The X-Ray trace id of the current invocation (`Root=` of `_X_AMZN_TRACE_ID`), if any. */
function xrayTraceId(): string | undefined {
  const header = process.env._X_AMZN_TRACE_ID;
  if (!header) return undefined;
  if (!header.includes("=")) return header;
  for (const field of header.split(";")) {
    const [key, value] = field.split("=");
    if (key === "Root") return value;
  }
  return undefined;
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

/** The threshold: the resolved level, or DEBUG when this logger was sampled for debug lines. */
function threshold(level: LogLevel, rate: number): number {
  const sampled = rate > 0 && Math.random() <= rate;
  return Math.min(LEVEL_THRESHOLDS[level], sampled ? LEVEL_THRESHOLDS.DEBUG : Infinity);
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
 * //  "sampling_rate":0,"stage":"dev","orderId":"42","customer":{"apiKey":"[REDACTED]"}}
 * ```
 */
export function createLogger(options: LoggerOptions): Logger {
  const stage =
    options.stage ?? process.env.SST_STAGE ?? process.env.STAGE ?? linkedAppStage() ?? "local";
  const samplingRate = sampleRate();
  return new Logger(
    {
      service: options.service,
      threshold: threshold(resolveLevel(options.level), samplingRate),
      samplingRate,
      redact: createRedactor(options.redact),
      write: options.write,
    },
    { stage },
  );
}
