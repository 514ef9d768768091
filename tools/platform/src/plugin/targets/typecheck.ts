import type { TypecheckExecutorOptions } from "../../executors/typecheck/schema";
import { type DeclaredTarget, type Need, needs } from "../needs";
import type { Project } from "../project";

/** The executor behind the target (`src/executors/typecheck`). */
export const typecheckExecutor = "@acme/platform:typecheck";

/**
 * `typecheck`, inferred from `tsconfig.json`: the native TypeScript 7 compiler, 5 to 8 times faster
 * than TypeScript 5.9 on these projects (docs/adr/0002-quality-tooling.md), run by the platform's
 * executor: `tsc --noEmit -p tsconfig.json` for one project; for many at once (Nx's batch mode,
 * which the executor prefers), one `tsc -b` process sharing the files the projects have in common
 * (docs/adr/0009-batch-typecheck.md). A project on SST's platform reads the platform's types
 * (`.sst/platform/config.d.ts`). The executor's code is an input through `needs.typescript`.
 */
export function typecheck(project: Project): DeclaredTarget | undefined {
  if (!project.has("tsconfig.json")) return undefined;
  const declared: Need[] = [needs.typescript];
  if (project.onSstPlatform) declared.push(needs.sstPlatform);
  const options: TypecheckExecutorOptions = { tsconfig: "tsconfig.json" };
  return {
    name: project.options.typecheckTargetName,
    needs: declared,
    config: {
      executor: typecheckExecutor,
      options,
      cache: true,
      inputs: ["default", "^production"],
      outputs: [],
      metadata: {
        description:
          "Typecheck the project with the native TypeScript 7 compiler (no output written); many projects in one compiler process.",
        technologies: ["typescript"],
      },
    },
  };
}
