/**
 * The runner's step breakdown: with `SST_OFFLINE_TIMING=1`, each step's duration is printed to
 * stderr as `[sst-offline] <step>: <ms> ms` (the benchmarks in bench/ parse these lines).
 */

export const TIMING_ENV = "SST_OFFLINE_TIMING";

/** A timer whose `mark(step)` reports the time since the previous mark (or since it was made). */
export function stepTimer(
  report: (line: string) => void = (line) => console.error(line),
  enabled = Boolean(process.env[TIMING_ENV]),
): (step: string) => void {
  let last = performance.now();
  return (step) => {
    const now = performance.now();
    if (enabled) report(`[sst-offline] ${step}: ${Math.round(now - last)} ms`);
    last = now;
  };
}
