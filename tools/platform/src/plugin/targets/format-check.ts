import { type DeclaredTarget, needs } from "../needs";
import type { Project } from "../project";
import { fixedCommand } from "./run";

/** `format-check`: every file formatted as Biome would write it. */
export function formatCheck(project: Project): DeclaredTarget {
  return {
    name: project.options.formatCheckTargetName,
    needs: [needs.biome],
    config: {
      ...fixedCommand("biome format .", project.root),
      cache: true,
      inputs: ["default"],
      outputs: [],
      metadata: {
        description:
          "Check that every file is formatted as Biome would write it (`npm run format` fixes it).",
        technologies: ["biome"],
      },
    },
  };
}
