/**
 * The CPU time of everything a command starts, detached processes included: Nx 24 starts its
 * plugin workers detached (their own session) and never waits for them, so the kernel's
 * accounting of waited-for children (`childrenCpuMs`) leaves their CPU out.
 *
 * How (Linux, cgroup v2): each command runs in a new cgroup of its own. The benchmark moves
 * itself into it, starts the command (which inherits the cgroup, as does everything it starts,
 * detached or not), moves itself back, and reads the cgroup's `cpu.stat` `usage_usec` (user +
 * system, in microseconds, charged by the scheduler as the processes run, so nothing is lost
 * between samples and processes that already exited are counted). Its own CPU while inside is
 * subtracted. A process the command leaves running (a daemon it starts) stays in that run's
 * cgroup: later runs do not count it.
 *
 * Without a cgroup v2 hierarchy this process can write to (root, or a delegated cgroup), it falls
 * back to `childrenCpuMs` and says so in {@link cpuMethod}: the benchmarks print it.
 */
import { mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type CommandOptions, type CommandRun, childrenCpuMs, runCommand } from "./time.mts";

/** Where this process's cgroup v2 is, or why it cannot be used. */
function ownCgroup(): { dir: string } | { reason: string } {
  try {
    const mount = readFileSync("/proc/self/mountinfo", "utf8")
      .split("\n")
      .map((line) => line.split(" "))
      // mountinfo(5): the mount point is field 5; after the " - " separator, the file system type.
      .find((fields) => fields[fields.indexOf("-") + 1] === "cgroup2")?.[4];
    const path = readFileSync("/proc/self/cgroup", "utf8")
      .split("\n")
      .find((line) => line.startsWith("0::"))
      ?.slice(3);
    if (!mount || path === undefined) return { reason: "no cgroup v2 hierarchy is mounted" };
    const dir = join(mount, path);
    // Can we make a cgroup here and move into it and back?
    const probe = join(dir, `shipyard-bench-probe-${process.pid}`);
    mkdirSync(probe);
    try {
      writeFileSync(join(probe, "cgroup.procs"), String(process.pid));
      writeFileSync(join(dir, "cgroup.procs"), String(process.pid));
    } finally {
      rmdirSync(probe);
    }
    return { dir };
  } catch (error) {
    return { reason: `cannot use a cgroup here (${(error as Error).message.split("\n")[0]})` };
  }
}

let cgroup: ReturnType<typeof ownCgroup> | undefined;
function cgroupOrReason() {
  cgroup ??= ownCgroup();
  return cgroup;
}

/** What the CPU figures of {@link countCpu} hold, for the benchmarks' table titles. */
export function cpuMethod(): string {
  const found = cgroupOrReason();
  return "dir" in found
    ? "every process the command started, detached plugin workers included (cgroup v2); not a daemon started before"
    : `only the processes the command waited for: detached plugin workers mostly NOT counted (${found.reason}; run as root or in a delegated cgroup v2)`;
}

let counted = 0;
const leftBehind: string[] = [];

/** The CPU time of what a started command ran, read once it has exited. */
export interface CpuCount {
  /** CPU ms (user + system) of the command and every process it started. */
  cpuMs: number;
  /** Processes it started that were still running when the CPU was read (e.g. a daemon). */
  lingering: number;
}

/**
 * Calls `start`, which must start the command (spawn, spawnSync, or a helper that calls them)
 * before it returns, with every process it starts counted; returns what `start` returned and
 * `stop`, to call once the command has exited. `stop` waits up to `settleMs` for the processes
 * it left running to end (Nx's plugin workers end a moment after Nx), so their last CPU is in.
 */
export function countCpu<T>(start: () => T): {
  value: T;
  stop: (settleMs?: number) => CpuCount;
} {
  const found = cgroupOrReason();
  if (!("dir" in found)) {
    const before = childrenCpuMs();
    const value = start();
    return { value, stop: () => ({ cpuMs: childrenCpuMs() - before, lingering: 0 }) };
  }
  const dir = join(found.dir, `shipyard-bench-${process.pid}-${counted++}`);
  mkdirSync(dir);
  // This process is in the cgroup only while `start` runs (what it forks meanwhile stays in);
  // its own CPU then is subtracted.
  const ownBefore = process.cpuUsage();
  writeFileSync(join(dir, "cgroup.procs"), String(process.pid));
  let value: T;
  try {
    value = start();
  } finally {
    writeFileSync(join(found.dir, "cgroup.procs"), String(process.pid));
  }
  const own = process.cpuUsage(ownBefore);
  const stop = (settleMs = 3000): CpuCount => {
    const lingering = settle(dir, settleMs);
    const usageUs = Number(
      /^usage_usec (\d+)$/m.exec(readFileSync(join(dir, "cpu.stat"), "utf8"))?.[1],
    );
    if (lingering > 0 || !removed(dir)) leftBehind.push(dir);
    return { cpuMs: (usageUs - own.user - own.system) / 1000, lingering };
  };
  return { value, stop };
}

/**
 * Runs a command to completion like `runCommand`, and returns with it the CPU time of every
 * process it started (see {@link countCpu}).
 */
export function runCountingCpu(
  command: string,
  args: string[],
  options: CommandOptions & { settleMs?: number },
): CommandRun & CpuCount {
  const { settleMs, ...commandOptions } = options;
  const { value, stop } = countCpu(() => runCommand(command, args, commandOptions));
  return { ...value, ...stop(settleMs) };
}

/** Removes an empty cgroup; false if the kernel still holds it busy (a process just exiting). */
function removed(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EBUSY") return false;
    throw error;
  }
}

/**
 * Waits until no process is left in the cgroup (`cgroup.events` says `populated 0`: exited and
 * released, which `cgroup.procs` says a moment earlier) or `ms` have passed; returns how many
 * processes remain.
 */
function settle(dir: string, ms: number): number {
  const until = performance.now() + ms;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const populated = /^populated 1$/m.test(readFileSync(join(dir, "cgroup.events"), "utf8"));
    if (!populated) return 0;
    if (performance.now() >= until) {
      return Math.max(
        1,
        readFileSync(join(dir, "cgroup.procs"), "utf8").split("\n").filter(Boolean).length,
      );
    }
    Atomics.wait(pause, 0, 0, 20);
  }
}

/**
 * Removes the cgroups of runs that left processes behind (call it after stopping them, e.g. the
 * Nx daemon); one that is still in use stays, and is named.
 */
export function removeLeftCgroups(): void {
  for (const dir of leftBehind.splice(0)) {
    const inUse = settle(dir, 3000);
    if (inUse === 0 && removed(dir)) continue;
    console.warn(`${dir} still holds ${inUse} process(es); left in place`);
  }
}
