/**
 * The benchmarks' one measurement library: every script in bench/ times, summarises and prints
 * through these modules.
 */
export { parseArgs } from "./args.mts";
export {
  type CpuCount,
  countCpu,
  cpuMethod,
  removeLeftCgroups,
  runCountingCpu,
} from "./command-cpu.mts";
export {
  currentRunner,
  type EvaluationTiming,
  resolvePlatform,
  runnerAt,
  STEPS,
  timeEvaluation,
} from "./evaluation.mts";
export {
  loadAverage,
  machineNote,
  markdownTable,
  type RatioTableOptions,
  ratio,
  ratioTable,
  type Sampled,
  type Summary,
  summary,
  table,
} from "./report.mts";
export {
  childrenCpuMs,
  type CommandOptions,
  type CommandRun,
  runCommand,
  stopwatch,
  timeCommand,
  timed,
  timedAsync,
  timePerCall,
} from "./time.mts";
