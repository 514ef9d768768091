import { type DeclaredTarget, evaluatorPackage, needs } from "../needs";
import type { Project } from "../project";
import { runProgram } from "./run";

/** `infra`: the resources the service's infra creates for a stage, evaluated offline. */
export function infra(project: Project): DeclaredTarget | undefined {
  if (!project.isService) return undefined;
  return {
    name: project.options.infraTargetName,
    needs: [needs.evaluator, needs.runExecutor],
    config: {
      ...runProgram(project, {
        package: evaluatorPackage,
        bin: "sst-offline",
        args: ["plan"],
        validateStage: true,
        batched: true,
      }),
      cache: true,
      inputs: ["default", "^production"],
      outputs: [],
      metadata: {
        description:
          "Print the resources the service's infra creates for a stage (--stage, default dev; --json), evaluated offline with SST's own components.",
        technologies: ["sst"],
        help: {
          command: "npx sst-offline plan --help",
          example: { options: { stage: "production", json: true } },
        },
      },
    },
  };
}
