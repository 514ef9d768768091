import { join } from "node:path";
import type { ExecutorContext } from "@nx/devkit";
import type { TestExecutorOptions } from "./schema";
import { runAloneArgs, runVitest } from "./vitest";

/**
 * `@acme/platform:test` for one project: `vitest run` in the project's folder with the arguments
 * given to Nx, its output printed as it comes. Many projects at once go through `./batch.ts`.
 */
export default async function testExecutor(
  options: TestExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const projectRoot = context.projectsConfigurations?.projects[context.projectName ?? ""]?.root;
  if (projectRoot === undefined) {
    console.error(`✕ test: no project "${context.projectName}" in the workspace.`);
    return { success: false };
  }
  const run = await runVitest(
    context.root,
    runAloneArgs(options.__unparsed__ ?? []),
    join(context.root, projectRoot),
    true,
  );
  return { success: run.code === 0 };
}
