import { type DeclaredTarget, evaluatorPackage, needs } from "../needs";
import type { Project } from "../project";
import { runProgram } from "./run";

/** `link-types`: writes sst-env.d.ts from the links the offline evaluation records. */
export function linkTypes(project: Project): DeclaredTarget | undefined {
  if (!project.isService) return undefined;
  return {
    name: project.options.linkTypesTargetName,
    needs: [needs.evaluator],
    config: {
      ...runProgram(project, {
        package: evaluatorPackage,
        bin: "sst-offline",
        args: ["types"],
        validateStage: true,
      }),
      cache: false,
      metadata: {
        description:
          "Write sst-env.d.ts: the Resource types of exactly the resources the service's functions link (--check to verify).",
        technologies: ["sst"],
        help: { command: "npx sst-offline types --help", example: { options: { check: true } } },
      },
    },
  };
}
