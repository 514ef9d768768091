const SECONDS_PER_UNIT: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400 };

/** Seconds in an SST duration such as "30 seconds" or "3 minutes". */
export function toSeconds(duration: string): number {
  const match = /^(\d+) (second|minute|hour|day)s?$/.exec(duration);
  const seconds = match?.[2] ? SECONDS_PER_UNIT[match[2]] : undefined;
  if (!match?.[1] || seconds === undefined) {
    throw new Error(`"${duration}" is not a duration like "30 seconds" or "3 minutes".`);
  }
  return Number(match[1]) * seconds;
}
