import type { ExecutorContext } from "@nx/devkit";
import { FsTree } from "nx/src/generators/tree";
import { checkService } from "./check-service";
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
  const { success, lines } = checkService(new FsTree(context.root, false), project.root);
  for (const line of lines) {
    if (line.stream === "stderr") console.error(line.text);
    else console.log(line.text);
  }
  return { success };
}
