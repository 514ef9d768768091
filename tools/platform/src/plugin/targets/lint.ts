import { type DeclaredTarget, needs } from "../needs";
import type { Project } from "../project";
import { fixedCommand } from "./run";

/** `lint`: Biome's linter on the project's sources, configured once in the root biome.json. */
export function lint(project: Project): DeclaredTarget {
  return {
    name: project.options.lintTargetName,
    needs: [needs.biome],
    config: {
      ...fixedCommand("biome lint --error-on-warnings .", project.root),
      cache: true,
      inputs: ["default"],
      outputs: [],
      metadata: {
        description: "Lint the project's sources with Biome (rules in the root biome.json).",
        technologies: ["biome"],
      },
    },
  };
}
