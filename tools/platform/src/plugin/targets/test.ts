import type { TestExecutorOptions } from "../../executors/test/schema";
import { type DeclaredTarget, type Need, needs } from "../needs";
import type { Project } from "../project";
import { runProgram } from "./run";

/** The executor behind a service's target (`src/executors/test`). */
export const testExecutor = "@acme/platform:test";

/**
 * `test`, inferred from `vitest.config.ts` (or `.mts`): Vitest, once. A project on SST's platform
 * evaluates infra in its tests (`@acme/sst-offline`). Arguments go to Vitest: `nx test orders -t
 * "creates an order"`. A service's tests run through the platform's executor: `vitest run` in its
 * folder for one service; for many at once (Nx's batch mode, which the executor prefers), one
 * Vitest process with each service as a Vitest project (docs/adr/0009-batch-typecheck.md, "Tests").
 * The executor's code is an input through `needs.vitestExecutor`.
 */
export function test(project: Project): DeclaredTarget | undefined {
  if (!project.has("vitest.config.ts") && !project.has("vitest.config.mts")) return undefined;
  const declared: Need[] = project.isService
    ? [needs.vitestExecutor]
    : [needs.vitest, needs.runExecutor];
  if (project.onSstPlatform) declared.push(needs.evaluator);
  const options: TestExecutorOptions = {};
  return {
    name: project.options.testTargetName,
    needs: declared,
    config: {
      ...(project.isService
        ? { executor: testExecutor, options }
        : runProgram(project, { package: "vitest", bin: "vitest", args: ["run"] })),
      cache: true,
      inputs: ["default", "^production"],
      outputs: [],
      metadata: {
        description: project.isService
          ? "Run the project's tests once with Vitest; many services in one Vitest process."
          : "Run the project's tests once with Vitest.",
        technologies: ["vitest"],
        help: { command: "npx vitest run --help", example: { options: { t: "a test name" } } },
      },
    },
  };
}
