export {
  createLogger,
  type LambdaContextFields,
  type LogAttributes,
  type LogExtra,
  Logger,
  type LoggerOptions,
  type LogLevel,
  type LogSink,
} from "./logger";
export { createRedactor, DEFAULT_REDACT_KEYS, REDACTED } from "./redact";
