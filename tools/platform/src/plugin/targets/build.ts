import { type DeclaredTarget, evaluatorPackage, needs } from "../needs";
import type { Project } from "../project";
import { runProgram } from "./run";

/** `build`: every Lambda handler of the service bundled as SST would (esbuild), offline. */
export function build(project: Project): DeclaredTarget | undefined {
  if (!project.isService) return undefined;
  return {
    name: project.options.buildTargetName,
    needs: [needs.evaluator, needs.runExecutor],
    config: {
      ...runProgram(project, {
        package: evaluatorPackage,
        bin: "sst-offline",
        args: ["build"],
        validateStage: true,
        batched: true,
      }),
      cache: true,
      inputs: ["default", "^production"],
      outputs: ["{projectRoot}/dist"],
      metadata: {
        description:
          "Bundle every Lambda handler of the service as SST would (esbuild), offline, into dist/.",
        technologies: ["sst", "esbuild"],
        help: {
          command: "npx sst-offline build --help",
          example: { options: { stage: "production" } },
        },
      },
    },
  };
}
