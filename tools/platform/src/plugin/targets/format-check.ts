import { type DeclaredTarget, needs } from "../needs";
import type { Project } from "../project";
import { fixedCommand } from "./run";

/**
 * Prints the command that formats the files, and fails: Biome names no fix for `format`. Found
 * where npm links this package for the workspace, wherever its folder is.
 */
const FAILED = "node_modules/@acme/platform/bin/format-check-failed.mjs";

/** `format-check`: every file formatted as Biome would write it, or the differences and the fix. */
export function formatCheck(project: Project): DeclaredTarget {
  return {
    name: project.options.formatCheckTargetName,
    needs: [needs.biome],
    config: {
      // A fixed command line: nothing from the user reaches the shell.
      ...fixedCommand(`biome format . || node ${project.toWorkspaceRoot}/${FAILED}`, project.root),
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
