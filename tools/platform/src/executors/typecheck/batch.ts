import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import type { ExecutorContext, TaskGraph } from "@nx/devkit";
import { outputByProject } from "./build-output";
import { checkAloneArgs, runCompiler } from "./compiler";
import type { TypecheckExecutorOptions } from "./schema";

/** Each task's result, by task id (nx's `TaskResults`, which @nx/devkit does not export). */
type TaskResults = Record<
  string,
  { success: boolean; terminalOutput: string; startTime?: number; endTime?: number }
>;

/** One task of the batch: the project's folder and tsconfig, absolute. */
interface Check {
  taskId: string;
  project: string;
  projectDir: string;
  tsconfig: string;
}

/**
 * `@acme/platform:typecheck` for many projects (Nx's batch mode; the executor `preferBatch`es,
 * so `nx run-many -t typecheck` uses it without a flag): one `tsc -b` process checks every
 * project, each as its own program (so each sees only its own files and global declarations, as
 * its own `tsc -p` does), sharing the parsed files they have in common (SST's platform types,
 * `@pulumi/aws`, `@types/node`). Each project that printed a diagnostic is then checked again
 * alone, as the single-project executor does, so a failure is attributed to its project and
 * reported with exactly the output of that project's own `tsc`.
 */
export default async function typecheckBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, TypecheckExecutorOptions>,
  _overrides: TypecheckExecutorOptions,
  context: ExecutorContext,
): Promise<TaskResults> {
  const checks = Object.values(taskGraph.tasks).map((task) => ({
    taskId: task.id,
    project: task.target.project,
    projectDir: join(context.root, task.projectRoot ?? projectRootOf(context, task.target.project)),
    tsconfig: inputs[task.id]?.tsconfig ?? "tsconfig.json",
  }));
  const together = checks.filter((check) => canBuildTogether(check));
  const results: TaskResults = {};
  const suspects = new Set(checks.filter((check) => !together.includes(check)));
  if (together.length > 0) {
    const started = Date.now();
    const build = await buildTogether(context.root, together);
    for (const check of together) {
      const printed = build.sections.get(configPath(check));
      if (printed === undefined || printed.trim() !== "") suspects.add(check);
      else results[check.taskId] = passed(started);
    }
    // A failed build whose diagnostics no project's section holds: check every project alone.
    if (build.code !== 0 && suspects.size === 0) for (const check of together) suspects.add(check);
  }
  for (const check of suspects) {
    const result = await checkAlone(context.root, check);
    // Nx prints a batch's own output, not its tasks' terminalOutput (that is what the cache keeps).
    if (result.terminalOutput) {
      process.stdout.write(`\n> ${check.project}:typecheck\n\n${result.terminalOutput}`);
    }
    results[check.taskId] = result;
  }
  return results;
}

function projectRootOf(context: ExecutorContext, project: string): string {
  const root = context.projectsConfigurations?.projects[project]?.root;
  if (root === undefined) throw new Error(`typecheck: no project "${project}" in the workspace.`);
  return root;
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
 * One `tsc -b --force --noEmit` over the projects (forced: never "up to date" from an earlier
 * build). It writes a `.tsbuildinfo` beside each tsconfig (git-ignored); those it wrote are removed.
 */
async function buildTogether(root: string, checks: Check[]) {
  const buildInfos = checks
    .map((check) => configPath(check).replace(/\.json$/, ".tsbuildinfo"))
    .filter((file) => !existsSync(file));
  try {
    const run = await runCompiler(
      root,
      ["-b", "--force", "--noEmit", "--verbose", "--pretty", "false", ...checks.map(configPath)],
      root,
      false,
    );
    return { code: run.code, sections: outputByProject(run.output, root) };
  } finally {
    for (const file of buildInfos) rmSync(file, { force: true });
  }
}

async function checkAlone(root: string, check: Check) {
  const startTime = Date.now();
  const run = await runCompiler(root, checkAloneArgs(check.tsconfig), check.projectDir, false);
  return {
    success: run.code === 0,
    terminalOutput: run.output,
    startTime,
    endTime: Date.now(),
  };
}

function passed(startTime: number) {
  return { success: true, terminalOutput: "", startTime, endTime: Date.now() };
}
