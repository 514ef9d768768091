/**
 * A command run with its process tree sampled (Linux /proc): for every process it starts, when
 * it ran and how much CPU it used, and how busy the whole machine was meanwhile. What a batch of
 * Nx tasks costs in wall time against CPU time (how many cores it kept busy) comes from this.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

/** One process of the tree: its command line and CPU seconds (user + system) at each sample. */
export interface SampledProcess {
  pid: number;
  ppid: number;
  command: string;
  /** Seconds since the command started: first and last sample that saw the process. */
  first: number;
  last: number;
  /** [seconds since the start, CPU seconds used so far], one per sample. */
  cpu: [number, number][];
}

export interface TreeRun {
  code: number | null;
  /** Wall seconds. */
  wall: number;
  output: string;
  processes: SampledProcess[];
  /** [seconds since the start, busy CPU seconds of the whole machine so far], one per sample. */
  machine: [number, number][];
}

const TICKS = 100; // clock ticks per second in /proc (USER_HZ)

function stat(pid: string) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The fields after the command name (which may hold spaces) start at field 3.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return {
      ppid: Number(fields[1]),
      cpu: (Number(fields[11]) + Number(fields[12])) / TICKS,
      started: fields[19] ?? "",
    };
  } catch {
    return undefined; // it ended meanwhile
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return "";
  }
}

/** Busy CPU seconds of the whole machine since boot (every core; /proc/stat minus idle and iowait). */
function machineBusy(): number {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "")
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return (fields.reduce((sum, value) => sum + value, 0) - idle) / TICKS;
}

/**
 * Runs `command` (no shell) and samples every `everyMs` its process tree (each descendant's CPU
 * time) and the machine's busy time. A process that lives less than one interval may be missed,
 * and each process's last interval is lost: read the totals from `countCpu` (command-cpu.mts:
 * every process, from the kernel's accounting) and the tree for where the time went.
 */
export function runSampled(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; everyMs?: number },
): Promise<TreeRun> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const started = performance.now();
  const busyAtStart = machineBusy();
  const seen = new Map<string, SampledProcess>();
  const machine: [number, number][] = [];
  const sample = () => {
    const at = (performance.now() - started) / 1000;
    machine.push([at, machineBusy() - busyAtStart]);
    const all = new Map<number, NonNullable<ReturnType<typeof stat>>>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      const read = stat(entry);
      if (read) all.set(Number(entry), read);
    }
    const tree = new Set<number>(child.pid === undefined ? [] : [child.pid]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [pid, read] of all) {
        if (!tree.has(pid) && tree.has(read.ppid)) {
          tree.add(pid);
          grew = true;
        }
      }
    }
    for (const pid of tree) {
      const read = all.get(pid);
      if (!read) continue;
      const key = `${pid}:${read.started}`;
      let process = seen.get(key);
      if (!process) {
        process = { pid, ppid: read.ppid, command: commandLine(pid), first: at, last: at, cpu: [] };
        seen.set(key, process);
      }
      process.last = at;
      process.cpu.push([at, read.cpu]);
    }
  };
  const timer = setInterval(sample, options.everyMs ?? 100);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearInterval(timer);
      resolve({
        code,
        wall: (performance.now() - started) / 1000,
        output,
        processes: [...seen.values()],
        machine,
      });
    });
  });
}

/** What one part of a run (an Nx batch, or everything else) cost. */
export interface Phase {
  name: string;
  /** Seconds since the start of the run. */
  from: number;
  to: number;
  /** CPU seconds its processes used (sampled). */
  cpu: number;
  /** The whole machine's busy cores on average while it ran (2 on a busy 2-core machine). */
  machineCores: number;
}

/**
 * Splits a sampled `nx run-many` into its batches: each process Nx forks for a batch
 * (`run-batch.js`) with its descendants, named after what it started (the compiler, the
 * evaluation runners, Vitest, the services' check programs; `template-check` starts nothing),
 * and `nx and single tasks` for the rest (Nx itself, its plugin workers, tasks run one by one).
 */
export function nxPhases(run: TreeRun): Phase[] {
  const parentOf = parents(run.processes);
  // The outermost: a program a batch starts shows the batch's command line until it execs.
  const batchOf = (process: SampledProcess): SampledProcess | undefined => {
    let batch: SampledProcess | undefined;
    for (let at: SampledProcess | undefined = process; at; at = parentOf(at)) {
      if (at.command.includes("tasks-runner/batch/run-batch")) batch = at;
    }
    return batch;
  };
  const groups = new Map<SampledProcess | undefined, SampledProcess[]>();
  for (const process of run.processes) {
    const batch = batchOf(process);
    groups.set(batch, [...(groups.get(batch) ?? []), process]);
  }
  const phases: Phase[] = [];
  for (const [batch, members] of groups) {
    const from = Math.min(...members.map((process) => process.first));
    const to = Math.max(...members.map((process) => process.last));
    phases.push({
      name: batch ? batchName(members) : "nx and single tasks",
      from,
      to,
      cpu: members.reduce((sum, process) => sum + (process.cpu.at(-1)?.[1] ?? 0), 0),
      machineCores: busyCores(run.machine, from, to),
    });
  }
  return phases.sort((a, b) => a.from - b.from);
}

/**
 * Each process's parent among the sampled ones: the process with its parent's pid that was alive
 * when it was first seen (pids are reused within a long run).
 */
function parents(processes: SampledProcess[]) {
  const byPid = new Map<number, SampledProcess[]>();
  for (const process of processes) {
    byPid.set(process.pid, [...(byPid.get(process.pid) ?? []), process]);
  }
  return (child: SampledProcess): SampledProcess | undefined =>
    (byPid.get(child.ppid) ?? [])
      .filter((parent) => parent !== child && parent.first <= child.first)
      .sort((a, b) => b.first - a.first)[0];
}

function batchName(members: SampledProcess[]): string {
  const commands = members.map((process) => process.command);
  const has = (pattern: RegExp) => commands.some((command) => pattern.test(command));
  if (has(/typescript|\btsc\b/)) return "typecheck";
  if (has(/sst-offline\/runner-|runner-[0-9a-f]+\.mjs/)) return "evaluate";
  if (has(/vitest/)) return "test";
  if (has(/sst-offline\.mjs|shipyard-policy|platform-check/)) return "run-batched";
  return "template-check";
}

/** The machine's busy cores on average between `from` and `to` (seconds since the start). */
function busyCores(machine: [number, number][], from: number, to: number): number {
  const inside = machine.filter(([at]) => at >= from && at <= to);
  const first = inside[0];
  const last = inside.at(-1);
  if (!first || !last || last[0] <= first[0]) return Number.NaN;
  return (last[1] - first[1]) / (last[0] - first[0]);
}
