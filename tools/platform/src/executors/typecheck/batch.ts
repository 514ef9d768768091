import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ExecutorContext, TaskGraph } from "@nx/devkit";
import { batchWidth } from "../batch-width";
import { outputByProject } from "./build-output";
import { checkAloneArgs, runCompiler } from "./compiler";
import type { TypecheckExecutorOptions } from "./schema";

/** A task's result (nx's `TaskResult`, which @nx/devkit does not export). */
interface TaskResult {
  success: boolean;
  terminalOutput: string;
  startTime?: number;
  endTime?: number;
}

/** One task of the batch: its project, and the project's folder and tsconfig (absolute). */
interface Check {
  taskId: string;
  project: string;
  projectDir: string;
  tsconfig: string;
}

/**
 * `@acme/platform:typecheck` for many projects (Nx's batch mode; the executor `preferBatch`es,
 * so `nx run-many -t typecheck` uses it without a flag): `tsc -b` checks the projects, each as
 * its own program (so each sees only its own files and global declarations, as its own `tsc -p`
 * does), sharing the parsed files they have in common (SST's platform types, `@pulumi/aws`,
 * `@types/node`). The projects are dealt over as many single-threaded `tsc -b` processes as the
 * machine has cores (the `processes` option), since Nx runs one batch at a time and the
 * compiler's own threads keep about one core busy for half again the CPU. Each project that
 * printed anything is then checked again alone, as the single-project executor does, so a
 * failure is attributed to its project and reported with exactly the output of that project's
 * own `tsc` (docs/adr/0009-batch-typecheck.md, docs/adr/0012-batches-use-every-core.md).
 */
export default async function typecheckBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, TypecheckExecutorOptions>,
  _overrides: TypecheckExecutorOptions,
  context: ExecutorContext,
): Promise<Record<string, TaskResult>> {
  const checks = Object.values(taskGraph.tasks).map((task) => ({
    taskId: task.id,
    project: task.target.project,
    projectDir: join(context.root, task.projectRoot ?? projectRootOf(context, task.target.project)),
    tsconfig: inputs[task.id]?.tsconfig ?? "tsconfig.json",
  }));
  // One project gains nothing from build mode: its own `tsc -p` at once.
  const together = checks.length > 1 ? checks.filter(canBuildTogether) : [];
  const groups = deal(together, compilerProcesses(Object.values(inputs), together.length));
  const outcomes = await Promise.all(
    groups.map((group) => checkTogether(context.root, group, groups.length > 1)),
  );
  const passed = outcomes.flatMap((outcome) => outcome.passed);
  const results: Record<string, TaskResult> = {};
  for (const { passed: group, result } of outcomes) {
    for (const check of group) results[check.taskId] = result;
  }
  for (const check of checks.filter((check) => !passed.includes(check))) {
    results[check.taskId] = await checkAloneAndReport(context.root, check);
  }
  return results;
}

function projectRootOf(context: ExecutorContext, project: string): string {
  const root = context.projectsConfigurations?.projects[project]?.root;
  if (root === undefined) throw new Error(`typecheck: no project "${project}" in the workspace.`);
  return root;
}

/**
 * How many `tsc -b` processes check the batch: the `processes` option (the largest any task
 * sets), or the machine's cores; never more than there are projects.
 */
export function compilerProcesses(
  options: readonly TypecheckExecutorOptions[],
  projects: number,
): number {
  return Math.max(1, Math.min(batchWidth(options.map((option) => option.processes)), projects));
}

/** `items` dealt round robin into `count` groups (none empty). */
export function deal<T>(items: readonly T[], count: number): T[][] {
  const groups: T[][] = Array.from({ length: Math.min(count, items.length) }, () => []);
  items.forEach((item, index) => {
    groups[index % groups.length]?.push(item);
  });
  return groups;
}

function configPath(check: Check): string {
  return resolve(check.projectDir, check.tsconfig);
}

/**
 * `tsc -b` builds a tsconfig's `references` too; a project with any (or a tsconfig that is not
 * plain JSON, so that this cannot tell) is checked alone, as `tsc -p` checks it.
 */
function canBuildTogether(check: Check): boolean {
  try {
    const config = JSON.parse(readFileSync(configPath(check), "utf8")) as { references?: unknown };
    return config.references === undefined;
  } catch {
    return false;
  }
}

/**
 * The projects that passed in one `tsc -b` over `checks`: those whose section of the output is
 * empty. None if the build failed with no diagnostic in any project's section.
 */
async function checkTogether(
  root: string,
  checks: Check[],
  singleThreaded: boolean,
): Promise<{ passed: Check[]; result: TaskResult }> {
  const startTime = Date.now();
  if (checks.length === 0) return { passed: [], result: { success: true, terminalOutput: "" } };
  const build = await buildTogether(root, checks, singleThreaded);
  const passed = checks.filter((check) => build.sections.get(configPath(check))?.trim() === "");
  const unexplained = build.code !== 0 && passed.length === checks.length;
  return {
    passed: unexplained ? [] : passed,
    result: { success: true, terminalOutput: "", startTime, endTime: Date.now() },
  };
}

/**
 * One `tsc -b --force --noEmit` over the projects (forced: never "up to date" from an earlier
 * build), `--singleThreaded` when other compiler processes use the other cores. It writes a
 * `.tsbuildinfo` beside each tsconfig (git-ignored); those it wrote are removed.
 */
async function buildTogether(root: string, checks: Check[], singleThreaded: boolean) {
  const buildInfos = checks
    .map((check) => configPath(check).replace(/\.json$/, ".tsbuildinfo"))
    .filter((file) => !existsSync(file));
  try {
    const run = await runCompiler(
      root,
      [
        "-b",
        "--force",
        "--noEmit",
        "--verbose",
        "--pretty",
        "false",
        ...(singleThreaded ? ["--singleThreaded"] : []),
        ...checks.map(configPath),
      ],
      root,
      false,
    );
    return { code: run.code, sections: outputByProject(run.output, root) };
  } finally {
    for (const file of buildInfos) rmSync(file, { force: true });
  }
}

/** The project's own `tsc -p`; its output printed under the project's name (Nx prints a batch's own output). */
async function checkAloneAndReport(root: string, check: Check): Promise<TaskResult> {
  const startTime = Date.now();
  const run = await runCompiler(root, checkAloneArgs(check.tsconfig), check.projectDir, false);
  if (run.output) process.stdout.write(`\n> ${check.project}:typecheck\n\n${run.output}`);
  return { success: run.code === 0, terminalOutput: run.output, startTime, endTime: Date.now() };
}
