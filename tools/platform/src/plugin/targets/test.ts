import { type DeclaredTarget, type Need, needs } from "../needs";
import type { Project } from "../project";
import { runProgram } from "./run";

/**
 * `test`, inferred from `vitest.config.ts` (or `.mts`): Vitest, once. A project on SST's platform
 * evaluates infra in its tests (`@acme/sst-offline`). Arguments go to Vitest: `nx test orders -t
 * "creates an order"`.
 */
export function test(project: Project): DeclaredTarget | undefined {
  if (!project.has("vitest.config.ts") && !project.has("vitest.config.mts")) return undefined;
  const declared: Need[] = [needs.vitest];
  if (project.onSstPlatform) declared.push(needs.evaluator);
  return {
    name: project.options.testTargetName,
    needs: declared,
    config: {
      ...runProgram(project, { package: "vitest", bin: "vitest", args: ["run"] }),
      cache: true,
      inputs: ["default", "^production"],
      outputs: [],
      metadata: {
        description: "Run the project's tests once with Vitest.",
        technologies: ["vitest"],
        help: { command: "npx vitest run --help", example: { options: { t: "a test name" } } },
      },
    },
  };
}
