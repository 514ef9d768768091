import { Cron } from "croner";

/** A parsed EventBridge schedule expression. */
export interface Schedule {
  expression: string;
  /** The next time it fires strictly after `from`, or undefined when it never fires again. */
  next(from: Date): Date | undefined;
}

const RATE_UNITS: Record<string, number> = {
  minute: 60_000,
  minutes: 60_000,
  hour: 3_600_000,
  hours: 3_600_000,
  day: 86_400_000,
  days: 86_400_000,
};

/**
 * Parses an EventBridge (rules and Scheduler) schedule expression exactly as AWS accepts it:
 *
 * - `rate(<value> <unit>)`: a positive integer and `minute`, `hour` or `day`, singular when the
 *   value is 1 and plural otherwise (`rate(1 minutes)` is refused, as AWS does). A rate fires every
 *   period counted from `start` (when serve started: AWS counts from when the rule is created).
 * - `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`: six fields; exactly one
 *   of day-of-month and day-of-week is `?`; day-of-week numbers are 1-7 with 1 = Sunday (`SUN-SAT`
 *   also); `L`, `W` and `#` as AWS documents. Evaluated with croner in Quartz weekday mode, in the
 *   schedule's time zone (UTC unless the schedule sets one).
 *
 * @throws Error naming what is wrong, for any expression AWS would refuse.
 */
export function parseSchedule(
  expression: string,
  options: { timezone?: string; start?: Date } = {},
): Schedule {
  const trimmed = expression.trim();
  const rate = /^rate\((.*)\)$/.exec(trimmed);
  if (rate) return parseRate(trimmed, rate[1] ?? "", options.start ?? new Date());
  const cron = /^cron\((.*)\)$/.exec(trimmed);
  if (cron) return parseCron(trimmed, cron[1] ?? "", options.timezone ?? "UTC");
  if (/^at\(/.test(trimmed)) {
    const at = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(trimmed);
    if (!at) throw new Error(`Invalid schedule "${expression}": expected at(yyyy-mm-ddThh:mm:ss).`);
    const when = new Date(`${at[1]}Z`);
    return { expression: trimmed, next: (from) => (when > from ? when : undefined) };
  }
  throw new Error(
    `Invalid schedule "${expression}": expected rate(<value> <unit>) or cron(<6 fields>).`,
  );
}

function parseRate(expression: string, body: string, start: Date): Schedule {
  const match = /^(\d+) ([a-z]+)$/.exec(body.trim());
  const unit = match?.[2] ?? "";
  const value = Number(match?.[1]);
  const period = RATE_UNITS[unit];
  if (!match || !period || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(
      `Invalid schedule "${expression}": a rate is rate(<positive integer> minute|minutes|hour|hours|day|days).`,
    );
  }
  if ((value === 1) !== !unit.endsWith("s")) {
    const fixed = value === 1 ? unit.replace(/s$/, "") : `${unit}s`;
    throw new Error(
      `Invalid schedule "${expression}": AWS wants a singular unit for 1 and a plural one otherwise: rate(${value} ${fixed}).`,
    );
  }
  const every = value * period;
  const origin = start.getTime();
  return {
    expression,
    next(from) {
      const elapsed = from.getTime() - origin;
      const periods = elapsed < 0 ? 0 : Math.floor(elapsed / every) + 1;
      return new Date(origin + periods * every);
    },
  };
}

function parseCron(expression: string, body: string, timezone: string): Schedule {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new Error(
      `Invalid schedule "${expression}": AWS cron has 6 fields (minutes hours day-of-month month day-of-week year), found ${fields.length}.`,
    );
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
    throw new Error(
      `Invalid schedule "${expression}": exactly one of day-of-month and day-of-week must be "?" (AWS refuses both or neither).`,
    );
  }
  // AWS's `5L` (last Thursday) is croner's `5#L`; other forms are the same in Quartz mode
  // (with `0/15` steps, which croner calls sloppy ranges).
  const weekday = dayOfWeek.replace(/^([1-7]|[A-Za-z]{3})L$/, "$1#L");
  const pattern = ["0", minutes, hours, dayOfMonth, month, weekday, year].join(" ");
  let cron: Cron;
  try {
    cron = new Cron(pattern, {
      timezone,
      mode: "7-part",
      alternativeWeekdays: true,
      sloppyRanges: true,
      paused: true,
    });
  } catch (error) {
    throw new Error(
      `Invalid schedule "${expression}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return {
    expression,
    next(from) {
      return cron.nextRun(from) ?? undefined;
    },
  };
}

/** The schedule a cron service gets when none is given. */
export const DEFAULT_SCHEDULE = "rate(5 minutes)";

const SCHEDULE_HELP =
  'Use rate(<n> minute|minutes|hour|hours|day|days), e.g. "rate(5 minutes)", or cron(<min> <hour> <day-of-month> <month> <day-of-week> <year>) with "?" in exactly one of the day fields, e.g. "cron(0 6 * * ? *)" (UTC). See https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html';

/**
 * Why `expression` cannot be a recurring schedule, with the fix, or undefined when it can. The
 * same parser as {@link parseSchedule}, which `nx serve` runs, so that the generator accepts
 * exactly what the local scheduler (and AWS) accept. `at(...)` is a one-off, not a recurring job.
 */
export function scheduleProblem(expression: string): string | undefined {
  if (/^\s*at\(/.test(expression)) {
    return `Schedule "${expression}" runs once; a cron service repeats. ${SCHEDULE_HELP}`;
  }
  try {
    parseSchedule(expression);
    return undefined;
  } catch (error) {
    return `${asSentence(error instanceof Error ? error.message : String(error))} ${SCHEDULE_HELP}`;
  }
}

/** croner's messages have no full stop; the help that follows starts a new sentence. */
function asSentence(message: string): string {
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
