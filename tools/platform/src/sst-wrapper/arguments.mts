import { stageProblem } from "@acme/contract";

export const USAGE =
  "Usage: shipyard-sst <dev|deploy|remove|diff|...> [--stage <stage>] [sst options]";

/**
 * The arguments to give SST, or the problem with the ones given. The stage (`--stage <s>`,
 * `--stage=<s>` or `SST_STAGE`) is checked against the platform contract before SST starts: SST
 * itself refuses a malformed stage only after it has tried to download Pulumi.
 */
export function sstArguments(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { args: string[] } | { error: string } {
  const [command, ...rest] = argv;
  if (!command) return { error: USAGE };
  const stage = stageOf(rest, env);
  if (stage === null) return { error: "--stage needs a value, e.g. --stage production." };
  const problem = stage === undefined ? undefined : stageProblem(stage);
  if (problem) return { error: problem };
  return { args: [command, ...(needsMonoMode(command, rest) ? ["--mode", "mono"] : []), ...rest] };
}

/** The stage asked for; `null` when `--stage` has no value, `undefined` when none is given. */
export function stageOf(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): string | null | undefined {
  const at = args.findIndex((arg) => arg === "--stage" || arg.startsWith("--stage="));
  if (at < 0) return env.SST_STAGE || undefined;
  const flag = args[at] as string;
  const value = flag.includes("=") ? flag.slice("--stage=".length) : args[at + 1];
  return value ? value : null;
}

/**
 * `sst dev` runs in SST's `mono` mode unless `--mode` is given: SST's default multiplexer takes
 * over the terminal, which Nx owns when it runs tasks (and several `nx dev` at once would fight
 * over it). `mono` prints every process's output as one stream, prefixed by process.
 */
function needsMonoMode(command: string, rest: readonly string[]): boolean {
  return command === "dev" && !rest.some((arg) => arg === "--mode" || arg.startsWith("--mode="));
}

/** SST commands that do not run Pulumi, so need none of the tools SST downloads before a command. */
const WITHOUT_PULUMI = new Set(["install", "version", "help", "--help", "-h", "telemetry"]);

/**
 * The environment SST runs with: telemetry off, bun from the npm registry (as set-up uses it),
 * and, for commands that do not run Pulumi, no download of Pulumi first. `deploy`, `dev`, `remove`
 * and `diff` do run Pulumi: SST fetches it once (into ~/.config/sst) unless the user has set
 * SST_SKIP_DEPENDENCY_CHECK themselves. A value the user set always wins.
 */
export function sstEnvironment(
  command: string,
  env: NodeJS.ProcessEnv,
  bunFromRegistry: string | undefined,
): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = {
    ...env,
    SST_TELEMETRY_DISABLED: env.SST_TELEMETRY_DISABLED ?? "1",
  };
  if (WITHOUT_PULUMI.has(command)) {
    result.SST_SKIP_DEPENDENCY_CHECK = env.SST_SKIP_DEPENDENCY_CHECK ?? "1";
  }
  if (bunFromRegistry && !env.SST_BUN_PATH && !env.SST_NO_BUN) {
    result.SST_BUN_PATH = bunFromRegistry;
  }
  return result;
}
