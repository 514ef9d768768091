import { type DeclaredTarget, type Need, needs } from "../needs";
import type { Project } from "../project";
import { fixedCommand } from "./run";

/**
 * `typecheck`, inferred from `tsconfig.json`: the native TypeScript 7 compiler, 5 to 8 times faster
 * than TypeScript 5.9 on these projects (docs/adr/0002-quality-tooling.md). A project on SST's
 * platform reads the platform's types (`.sst/platform/config.d.ts`).
 */
export function typecheck(project: Project): DeclaredTarget | undefined {
  if (!project.has("tsconfig.json")) return undefined;
  const declared: Need[] = [needs.typescript];
  if (project.onSstPlatform) declared.push(needs.sstPlatform);
  const tsc = `${project.toWorkspaceRoot}/node_modules/typescript-native/bin/tsc`;
  return {
    name: project.options.typecheckTargetName,
    needs: declared,
    config: {
      ...fixedCommand(`node ${tsc} --noEmit -p tsconfig.json`, project.root),
      cache: true,
      inputs: ["default", "^production"],
      outputs: [],
      metadata: {
        description:
          "Typecheck the project with the native TypeScript 7 compiler (no output written).",
        technologies: ["typescript"],
      },
    },
  };
}
