import { type DeclaredTarget, needs, platformPackage } from "../needs";
import type { Project } from "../project";
import { runProgram } from "./run";

/** `platform-check`: the platform's rules for one service (`shipyard-check`). */
export function platformCheck(project: Project): DeclaredTarget | undefined {
  if (!project.isService) return undefined;
  return {
    name: project.options.platformCheckTargetName,
    needs: [needs.evaluator, needs.platformCommands],
    config: {
      ...runProgram(project, { package: platformPackage, bin: "shipyard-check", batched: true }),
      cache: true,
      inputs: ["default", "^production", "{workspaceRoot}/CODEOWNERS"],
      outputs: [],
      metadata: {
        description:
          "Check the platform's rules: provenance, tags, CODEOWNERS entry, conventions applied, and link types that match the infra.",
        technologies: ["sst"],
      },
    },
  };
}
