import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseSchedule, type Schedule } from "@acme/contract";
import type { CronJob } from "./model";
import { ensureDir } from "./paths";

/** One recorded run of a cron job, kept in `.local/cron/<Name>.json`. */
export interface CronRun {
  trigger: "schedule" | "manual";
  startedAt: string;
  durationMs: number;
  ok: boolean;
  error?: string;
}

/** How many runs of each job are kept. */
const KEPT_RUNS = 100;

/** The EventBridge Scheduler event a scheduled Lambda receives. */
export function scheduledEvent(arn: string, at: Date) {
  return {
    version: "0",
    id: randomUUID(),
    "detail-type": "Scheduled Event",
    source: "aws.events",
    account: "000000000000",
    time: at.toISOString().replace(/\.\d{3}Z$/, "Z"),
    region: "us-east-1",
    resources: [arn],
    detail: {},
  };
}

/**
 * The service's cron jobs: each armed on its schedule (parsed by the platform contract's one
 * schedule grammar, `parseSchedule`), runnable on demand, with its runs recorded on disk.
 */
export class Scheduler {
  private readonly schedules = new Map<string, Schedule>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly options: {
      app: string;
      stage: string;
      crons: readonly CronJob[];
      /** Folder of the run records (`.local/cron`). */
      dir: string;
      invoke: (functionId: string, event: unknown) => Promise<unknown>;
      log: (line: string) => void;
      now?: () => Date;
    },
  ) {
    for (const cron of options.crons) {
      this.schedules.set(cron.name, parseSchedule(cron.schedule, { timezone: cron.timezone }));
    }
  }

  get names(): string[] {
    return [...this.schedules.keys()];
  }

  has(name: string): boolean {
    return this.schedules.has(name);
  }

  /** Each job's expression and next run, for the banner. */
  describe(): { name: string; expression: string; next: Date | undefined }[] {
    return [...this.schedules].map(([name, schedule]) => ({
      name,
      expression: schedule.expression,
      next: schedule.next(this.now()) ?? undefined,
    }));
  }

  /** Arms every job on its schedule. */
  start(): void {
    this.stopped = false;
    for (const name of this.schedules.keys()) this.arm(name);
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Runs a job now and records the run. */
  async run(name: string, trigger: CronRun["trigger"]): Promise<CronRun> {
    const cron = this.options.crons.find((c) => c.name === name);
    if (!cron) throw new Error(`No cron "${name}".`);
    const { app, stage, log } = this.options;
    const started = this.now();
    const arn = `arn:aws:scheduler:us-east-1:000000000000:schedule/default/${app}-${stage}-${name}`;
    let run: CronRun;
    try {
      await this.options.invoke(cron.functionId, scheduledEvent(arn, started));
      run = {
        trigger,
        startedAt: started.toISOString(),
        durationMs: this.elapsed(started),
        ok: true,
      };
      log(`✓ cron ${name} (${trigger}) ran in ${run.durationMs} ms`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      run = {
        trigger,
        startedAt: started.toISOString(),
        durationMs: this.elapsed(started),
        ok: false,
        error: message,
      };
      log(`✗ cron ${name} (${trigger}) failed: ${message}`);
    }
    writeFileSync(
      this.runsFile(name),
      `${JSON.stringify([...this.runs(name), run].slice(-KEPT_RUNS), null, 2)}\n`,
    );
    return run;
  }

  /** The recorded runs of a job, oldest first. */
  runs(name: string): CronRun[] {
    const file = this.runsFile(name);
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as CronRun[]) : [];
  }

  private arm(name: string): void {
    const schedule = this.schedules.get(name);
    const next = schedule?.next(this.now());
    if (!next || this.stopped) return;
    // setTimeout takes at most about 24.8 days; re-arm until the time comes.
    const delay = Math.min(next.getTime() - Date.now(), 2 ** 31 - 1);
    this.timers.set(
      name,
      setTimeout(() => {
        if (Date.now() >= next.getTime() - 5)
          void this.run(name, "schedule").finally(() => this.arm(name));
        else this.arm(name);
      }, delay),
    );
  }

  private runsFile(name: string): string {
    return join(ensureDir(this.options.dir), `${name}.json`);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private elapsed(since: Date): number {
    return this.now().getTime() - since.getTime();
  }
}
