import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import type { TargetConfiguration } from "@nx/devkit";
import type { NormalizedPlatformPluginOptions } from "../options";

/**
 * The quality targets every project gets: lint, format check, typecheck and test. Each is inferred
 * from a file the project has, so a project opts in by having the file, not by copying a target.
 *
 * - `lint` and `format-check`: Biome, configured once in the root `biome.json`.
 * - `typecheck`: the native TypeScript 7 compiler (`typescript-native`), 5 to 8 times faster than
 *   TypeScript 5.9 on these projects (see docs/adr/0002-quality-tooling.md); inferred from
 *   `tsconfig.json`.
 * - `test`: Vitest, inferred from `vitest.config.ts` (or `.mts`).
 */
export function qualityTargets(
  projectRoot: string,
  workspaceRoot: string,
  options: NormalizedPlatformPluginOptions,
): Record<string, TargetConfiguration> {
  const has = (file: string) => existsSync(join(workspaceRoot, projectRoot, file));
  const toWorkspaceRoot = relative(join(workspaceRoot, projectRoot), workspaceRoot) || ".";
  const targets: Record<string, TargetConfiguration> = {
    [options.lintTargetName]: {
      command: "biome lint --error-on-warnings .",
      options: { cwd: projectRoot },
      cache: true,
      inputs: ["default", { externalDependencies: ["@biomejs/biome"] }],
      outputs: [],
      metadata: {
        description: "Lint the project's sources with Biome (rules in the root biome.json).",
        technologies: ["biome"],
      },
    },
    [options.formatCheckTargetName]: {
      command: "biome format .",
      options: { cwd: projectRoot },
      cache: true,
      inputs: ["default", { externalDependencies: ["@biomejs/biome"] }],
      outputs: [],
      metadata: {
        description:
          "Check that every file is formatted as Biome would write it (`npm run format` fixes it).",
        technologies: ["biome"],
      },
    },
  };

  if (has("tsconfig.json")) {
    targets[options.typecheckTargetName] = {
      command: `node ${toWorkspaceRoot}/node_modules/typescript-native/bin/tsc --noEmit -p tsconfig.json`,
      options: { cwd: projectRoot },
      cache: true,
      inputs: ["default", "^production", { externalDependencies: ["typescript-native"] }],
      outputs: [],
      metadata: {
        description:
          "Typecheck the project with the native TypeScript 7 compiler (no output written).",
        technologies: ["typescript"],
      },
    };
  }

  if (has("vitest.config.ts") || has("vitest.config.mts")) {
    targets[options.testTargetName] = {
      command: "vitest run",
      options: { cwd: projectRoot },
      cache: true,
      inputs: ["default", "^production", { externalDependencies: ["vitest"] }],
      outputs: [],
      metadata: {
        description: "Run the project's tests once with Vitest.",
        technologies: ["vitest"],
      },
    };
  }

  return targets;
}
