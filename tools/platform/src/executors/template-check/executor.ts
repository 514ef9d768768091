import type { ExecutorContext } from "@nx/devkit";
import { FsTree } from "nx/src/generators/tree";
import { workspaceScope } from "../../generators/service/validate";
import { checkTemplate } from "../../upgrade/check";
import type { TemplateCheckExecutorSchema } from "./schema";

/** The `template-check` target (inferred on every service): see upgrade/check.ts. */
export default async function templateCheckExecutor(
  _options: TemplateCheckExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  const project = context.projectName
    ? context.projectsConfigurations.projects[context.projectName]
    : undefined;
  if (!project) throw new Error("template-check runs on a project: nx template-check <service>.");
  // Read-only: Nx's own Tree over the workspace, so the check shares the upgrade's file rules.
  const tree = new FsTree(context.root, false);
  const { problems, notes } = checkTemplate(tree, project.root, workspaceScope(tree));
  for (const note of notes) console.log(`ℹ ${note}`);
  for (const problem of problems) console.error(`✕ ${problem}`);
  if (problems.length === 0)
    console.log(`✓ ${project.root} is on an allowed template version, with no conflict markers.`);
  return { success: problems.length === 0 };
}
