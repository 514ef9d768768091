import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExecutorContext, TaskGraph } from "@nx/devkit";
import { batchWidth } from "../batch-width";
import { outcomeByProject, type VitestJsonReport } from "./report";
import type { TestExecutorOptions } from "./schema";
import { runAloneArgs, runVitest } from "./vitest";

/** A task's result (nx's `TaskResult`, which @nx/devkit does not export). */
interface TaskResult {
  success: boolean;
  terminalOutput: string;
  startTime?: number;
  endTime?: number;
}

/** One task of the batch: its project, the project's folder (absolute) and its Vitest config, if any. */
interface Run {
  taskId: string;
  project: string;
  projectDir: string;
  config: string | undefined;
  userArgs: string[];
}

/** The config files Vitest itself looks for in a folder, in its order. */
const CONFIG_FILES = [
  "vitest.config.ts",
  "vitest.config.mts",
  "vitest.config.js",
  "vitest.config.mjs",
];

/**
 * `@acme/platform:test` for many projects (Nx's batch mode; the executor `preferBatch`es, so
 * `nx run-many -t test` uses it without a flag): one Vitest process runs every project's tests,
 * each project a Vitest project with its own root and its own `vitest.config.ts`, so Vitest, Vite
 * and the test workers start once instead of once per project. Each project that did not pass
 * there (or had no test file in the run) is then run again alone, as the single-project executor
 * runs it, so a failure is attributed to its project and reported with exactly the output of that
 * project's own `vitest run` (docs/adr/0009-batch-typecheck.md, "Tests").
 */
export default async function testBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, TestExecutorOptions>,
  _overrides: TestExecutorOptions,
  context: ExecutorContext,
): Promise<Record<string, TaskResult>> {
  const runs: Run[] = Object.values(taskGraph.tasks).map((task) => {
    const projectDir = join(
      context.root,
      task.projectRoot ?? projectRootOf(context, task.target.project),
    );
    return {
      taskId: task.id,
      project: task.target.project,
      projectDir,
      config: CONFIG_FILES.map((file) => join(projectDir, file)).find((file) => existsSync(file)),
      userArgs: inputs[task.id]?.__unparsed__ ?? [],
    };
  });
  // One project gains nothing from a shared run; arguments for Vitest apply to one project's run.
  const candidates = runs.filter(canRunTogether);
  const together = candidates.length > 1 ? candidates : [];
  const workers = testWorkers(Object.values(inputs));
  const passed = await runTogether(context.root, together, workers);
  const results: Record<string, TaskResult> = {};
  for (const [run, result] of passed) results[run.taskId] = result;
  for (const run of runs.filter((candidate) => !passed.has(candidate))) {
    results[run.taskId] = await runAloneAndReport(context.root, run);
  }
  return results;
}

function projectRootOf(context: ExecutorContext, project: string): string {
  const root = context.projectsConfigurations?.projects[project]?.root;
  if (root === undefined) throw new Error(`test: no project "${project}" in the workspace.`);
  return root;
}

/**
 * How many test files the shared run runs at once: the `maxWorkers` option (the largest any task
 * sets), or the machine's cores. Vitest's own default leaves a core to its main process (cores - 1:
 * one file at a time on two cores); Nx runs one batch at a time, so the batch takes them all.
 */
export function testWorkers(options: readonly TestExecutorOptions[]): number {
  return batchWidth(options.map((option) => option.maxWorkers));
}

/** A project with a Vitest config of its own and no arguments for Vitest can share the run. */
function canRunTogether(run: Run): boolean {
  return run.config !== undefined && run.userArgs.length === 0;
}

/**
 * The projects that passed in one Vitest run over `runs`, with their results: those with at least
 * one test file and no failed one. None if Vitest failed without a failed file to explain it (an
 * unhandled error, a config Vitest refused): then every project is run alone.
 */
async function runTogether(
  root: string,
  runs: Run[],
  workers: number,
): Promise<Map<Run, TaskResult>> {
  const passed = new Map<Run, TaskResult>();
  if (runs.length === 0) return passed;
  const startTime = Date.now();
  const { code, report } = await runAsProjects(root, runs, workers);
  const endTime = Date.now();
  if (report === undefined) return passed;
  const outcomes = outcomeByProject(
    report,
    runs.map((run) => run.projectDir),
  );
  const anyFailed = [...outcomes.values()].some((outcome) => outcome.failedFiles > 0);
  if (code !== 0 && !anyFailed) return passed;
  for (const run of runs) {
    const outcome = outcomes.get(run.projectDir);
    if (outcome === undefined || outcome.failedFiles > 0) continue;
    const terminalOutput = `✓ ${outcome.files} test files, ${outcome.tests} tests passed (one Vitest run over ${runs.length} projects)\n`;
    passed.set(run, { success: true, terminalOutput, startTime, endTime });
  }
  return passed;
}

/**
 * `vitest run` over a generated config whose `projects` are the projects' own config files, with
 * Vitest's JSON report written to a file, `workers` test files at a time. The temporary folder is
 * removed afterwards.
 */
async function runAsProjects(
  root: string,
  runs: Run[],
  workers: number,
): Promise<{ code: number; report: VitestJsonReport | undefined }> {
  const dir = mkdtempSync(join(tmpdir(), "acme-test-batch-"));
  try {
    const config = join(dir, "vitest.batch.config.mjs");
    const reportFile = join(dir, "report.json");
    const projects = runs.map((run) => run.config);
    writeFileSync(config, `export default { test: { projects: ${JSON.stringify(projects)} } };\n`);
    const run = await runVitest(
      root,
      [
        "run",
        "--config",
        config,
        "--root",
        root,
        `--maxWorkers=${workers}`,
        "--reporter=json",
        `--outputFile=${reportFile}`,
      ],
      root,
      false,
    );
    const report = existsSync(reportFile)
      ? (JSON.parse(readFileSync(reportFile, "utf8")) as VitestJsonReport)
      : undefined;
    return { code: run.code, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The project's own `vitest run`; its output printed under the project's name (Nx prints a batch's own output). */
async function runAloneAndReport(root: string, run: Run): Promise<TaskResult> {
  const startTime = Date.now();
  const alone = await runVitest(root, runAloneArgs(run.userArgs), run.projectDir, false);
  if (alone.output) process.stdout.write(`\n> ${run.project}:test\n\n${alone.output}`);
  return {
    success: alone.code === 0,
    terminalOutput: alone.output,
    startTime,
    endTime: Date.now(),
  };
}
