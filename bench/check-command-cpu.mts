#!/usr/bin/env node
/**
 * Checks that the benchmarks' CPU figures (lib/command-cpu.mts) count a process the command
 * starts detached and does not wait for, as Nx starts its plugin workers: the command starts a
 * detached child that burns `--burn` ms of its own CPU time (CPU, not wall, so a busy machine
 * does not change it) and exits at once. The check fails (exit 1) unless the figure holds the
 * child's CPU; it prints beside it what the kernel's accounting of waited-for children sees
 * (`childrenCpuMs`, what the benchmarks used before), which misses it.
 *
 * Usage: node --import tsx bench/check-command-cpu.mts [--burn 400]
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import {
  childrenCpuMs,
  countCpu,
  cpuMethod,
  parseArgs,
  removeLeftCgroups,
  runCommand,
  runCountingCpu,
} from "./lib/measure.mts";

const burnMs = Number(parseArgs(process.argv.slice(2)).burn ?? 400);

// The child spins until it has used burnMs of CPU; the parent starts it detached and exits.
const child = `const until = ${burnMs} * 1000; while (process.cpuUsage().user + process.cpuUsage().system < until) {}`;
const parent = `require("node:child_process").spawn(process.execPath, ["-e", ${JSON.stringify(child)}], { detached: true, stdio: "ignore" }).unref();`;
const args = ["-e", parent];

const counted = runCountingCpu(process.execPath, args, { cwd: process.cwd() });
// The same started asynchronously (as bench/batch-cores.mts starts `nx run-many`).
const started = countCpu(() => spawn(process.execPath, args, { stdio: "ignore" }));
await once(started.value, "close");
const countedAsync = started.stop();
const waitedBefore = childrenCpuMs();
runCommand(process.execPath, args, { cwd: process.cwd() });
const waited = childrenCpuMs() - waitedBefore;

console.log(`CPU counted: ${cpuMethod()}`);
console.log(`a command whose detached child burns ${burnMs} ms of CPU:`);
console.log(
  `  runCountingCpu: ${counted.cpuMs.toFixed(0)} ms (${counted.lingering} still running)`,
);
console.log(
  `  countCpu around spawn: ${countedAsync.cpuMs.toFixed(0)} ms (${countedAsync.lingering} still running)`,
);
console.log(`  childrenCpuMs (waited-for children only): ${waited.toFixed(0)} ms`);
removeLeftCgroups();
const missed = [counted, countedAsync].some((run) => run.lingering > 0 || run.cpuMs < burnMs);
if (missed) {
  console.error(`FAIL: the detached child's ${burnMs} ms of CPU are not in the figure`);
  process.exit(1);
}
console.log("OK: the detached child's CPU is counted");
