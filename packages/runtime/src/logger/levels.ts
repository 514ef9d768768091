/** A log level name, upper or lower case. */
export type LogLevel = "TRACE" | "DEBUG" | "INFO" | "WARN" | "ERROR" | "CRITICAL" | "SILENT";

/** Powertools' thresholds, so that levels compare as they do there. */
export const LEVEL_THRESHOLDS: Readonly<Record<LogLevel, number>> = {
  TRACE: 6,
  DEBUG: 8,
  INFO: 12,
  WARN: 16,
  ERROR: 20,
  CRITICAL: 24,
  SILENT: 28,
};

function asLevel(value: string | undefined): LogLevel | undefined {
  const upper = value?.toUpperCase();
  return upper && upper in LEVEL_THRESHOLDS ? (upper as LogLevel) : undefined;
}

/**
 * The lowest level written, as powertools resolves it: Lambda's advanced logging control level
 * (`AWS_LAMBDA_LOG_LEVEL`, where `FATAL` means `CRITICAL`) wins, because Lambda drops lines below
 * it anyway; then the option; then `POWERTOOLS_LOG_LEVEL`, then `LOG_LEVEL`; then `INFO`.
 */
export function resolveLevel(option: string | undefined, env = process.env): LogLevel {
  const lambda = env.AWS_LAMBDA_LOG_LEVEL === "FATAL" ? "CRITICAL" : env.AWS_LAMBDA_LOG_LEVEL;
  return (
    asLevel(lambda) ??
    asLevel(option) ??
    asLevel(env.POWERTOOLS_LOG_LEVEL) ??
    asLevel(env.LOG_LEVEL) ??
    "INFO"
  );
}

/**
 * Powertools' debug sampling: with `POWERTOOLS_LOGGER_SAMPLE_RATE` between 0 and 1, that share of
 * loggers writes DEBUG lines too. The rate is written as `sampling_rate` on every line.
 */
export function sampleRate(env = process.env): number {
  const rate = Number(env.POWERTOOLS_LOGGER_SAMPLE_RATE ?? 0);
  return Number.isFinite(rate) && rate >= 0 && rate <= 1 ? rate : 0;
}
