/**
 * What serve started, to stop in reverse order: each step registers how to undo itself right
 * after it succeeds, so a failure half-way stops exactly what was started.
 */
export class Lifecycle {
  private readonly stops: { name: string; stop: () => Promise<void> | void }[] = [];

  constructor(private readonly log: (line: string) => void) {}

  /** Registers how to stop something just started. */
  defer(name: string, stop: () => Promise<void> | void): void {
    this.stops.push({ name, stop });
  }

  /** Stops everything, last started first; a failing stop is logged and the others still run. */
  async stopAll(): Promise<void> {
    for (const { name, stop } of this.stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        this.log(
          `while stopping ${name}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}
