import { type DeclaredTarget, needs } from "../needs";
import type { Project } from "../project";

/** The executor behind the target: in-process, no shell, no arguments (`src/executors/template-check`). */
export const templateCheckExecutor = "@acme/platform:template-check";

/**
 * `template-check` on every service (tools/platform/src/upgrade/check.ts): fails on conflict
 * markers, an unfinished upgrade, or a template version behind the policy. Cached; the inputs are
 * the service, the template version and policy, CODEOWNERS, the root package.json (the scope in
 * the messages), and, through the need, the plugin's own code that runs the check.
 */
export function templateCheck(project: Project): DeclaredTarget | undefined {
  if (!project.isService) return undefined;
  return {
    name: project.options.templateCheckTargetName,
    needs: [needs.platformCommands],
    config: {
      executor: templateCheckExecutor,
      cache: true,
      inputs: [
        "default",
        "{workspaceRoot}/generators/service/template.json",
        "{workspaceRoot}/CODEOWNERS",
        "{workspaceRoot}/package.json",
      ],
      outputs: [],
      metadata: {
        description:
          "Fail when the service is behind the template version the policy allows (generators/service/template.json), an upgrade is unfinished, or conflict markers are left. Fix: nx g @acme/platform:upgrade.",
        technologies: ["nx"],
      },
    },
  };
}
