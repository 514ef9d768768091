import { join } from "node:path";
import type { ExecutorContext } from "@nx/devkit";
import { checkAloneArgs, runCompiler } from "./compiler";
import type { TypecheckExecutorOptions } from "./schema";

/**
 * `@acme/platform:typecheck` for one project: `tsc --noEmit -p <tsconfig>` in the project's
 * folder, its output printed as it comes. Many projects at once go through `./batch.ts`.
 */
export default async function typecheckExecutor(
  options: TypecheckExecutorOptions,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const projectRoot = context.projectsConfigurations?.projects[context.projectName ?? ""]?.root;
  if (projectRoot === undefined) {
    console.error(`✕ typecheck: no project "${context.projectName}" in the workspace.`);
    return { success: false };
  }
  try {
    const run = await runCompiler(
      context.root,
      checkAloneArgs(options.tsconfig ?? "tsconfig.json"),
      join(context.root, projectRoot),
      true,
    );
    return { success: run.code === 0 };
  } catch (error) {
    console.error(`✕ ${(error as Error).message}`);
    return { success: false };
  }
}
