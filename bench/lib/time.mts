/** Wall time of a piece of code or of a command, in milliseconds. */
import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Runs `fn` once; returns what it returned and how long it took. */
export function timed<T>(fn: () => T): { ms: number; value: T } {
  const started = performance.now();
  const value = fn();
  return { ms: performance.now() - started, value };
}

/** {@link timed} for a function that returns a promise (the time until it settles). */
export async function timedAsync<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** A lap timer: each call returns the milliseconds since the previous call (or its creation). */
export function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const ms = now - last;
    last = now;
    return ms;
  };
}

/** Milliseconds per call of `fn`, over `calls` calls in a row. */
export function timePerCall(calls: number, fn: () => void): number {
  return (
    timed(() => {
      for (let call = 0; call < calls; call++) fn();
    }).ms / calls
  );
}

export type CommandOptions = Omit<SpawnSyncOptions, "encoding"> & {
  cwd: string;
  /** Time a command that is expected to exit non-zero (e.g. started without its input). */
  allowFailure?: boolean;
};

export interface CommandRun {
  ms: number;
  /** The exit code; null when a signal ended it (with `allowFailure`, a failure returns). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command to completion (no shell); returns its wall time and output, and throws with its
 * output when it fails (unless `allowFailure`).
 */
export function runCommand(
  command: string,
  args: string[],
  { allowFailure = false, ...options }: CommandOptions,
): CommandRun {
  const { ms, value: child } = timed(() =>
    spawnSync(command, args, {
      maxBuffer: 1024 ** 3,
      ...options,
      encoding: "utf8",
    }),
  );
  if (child.status !== 0 && !allowFailure) {
    throw new Error(
      `${[command, ...args].join(" ")} failed (${child.status ?? child.signal}) in ${options.cwd}:\n${child.stdout ?? ""}${child.stderr ?? ""}`,
    );
  }
  return { ms, status: child.status, stdout: child.stdout ?? "", stderr: child.stderr ?? "" };
}

/** A command's wall time in ms (see {@link runCommand}). */
export function timeCommand(command: string, args: string[], options: CommandOptions): number {
  return runCommand(command, args, options).ms;
}

/**
 * CPU time (user + system) of this process's finished children and of what they waited for, in
 * ms (Linux: cutime + cstime of /proc/self/stat, 10 ms ticks). Take it before and after a command:
 * the difference is the command's CPU with the children it waited for, not a daemon's. Nx starts
 * its plugin workers detached and does not wait for them, so their CPU is mostly not in it: for
 * Nx commands use `runCountingCpu` (command-cpu.mts), which counts every process (bench/README.md,
 * "Counting the plugin workers' CPU"). Steadier than wall time on a busy machine.
 */
export function childrenCpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
  // stat(5) fields 16 and 17; `fields` starts at field 3.
  return (Number(fields[13]) + Number(fields[14])) * 10;
}
