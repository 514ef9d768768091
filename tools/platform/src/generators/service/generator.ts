import { join } from "node:path";
import type { GeneratorCallback, Tree } from "@nx/devkit";
import { renderIntoTree, runShellActions } from "../../hygen";
import { installPackages, logger } from "../shared/devkit";
import { defaultPrompter, type Prompter } from "../shared/prompter";
import { askKindQuestions } from "./questions";
import type { ServiceGeneratorSchema } from "./schema";
import { assertWritable, validateOptions, workspaceScope } from "./validate";
import {
  serviceVariables,
  TEMPLATE_ACTION,
  TEMPLATE_ID,
  TEMPLATES_FOLDER,
  templateVersion,
} from "./variables";

/**
 * `nx g @acme/platform:service <name> --kind http|worker|cron --owner <team>`: asks what depends on
 * the kind and was not given (only when a person can answer: see {@link askKindQuestions}),
 * validates every option first (a failure writes nothing), renders the hygen templates in
 * `<workspace>/generators/service/new` into the tree, and returns the callback that installs
 * (`npm install`, so package-lock.json knows the new workspace package) and runs the templates'
 * `sh` actions. Nx skips the callback on --dry-run. `@nx/devkit` (for the install) loads only
 * then: with `--skipInstall` or `--dry-run` it never loads (see ../shared/devkit.ts).
 */
export async function serviceGenerator(
  tree: Tree,
  given: ServiceGeneratorSchema,
  prompter: Prompter | undefined = defaultPrompter(),
): Promise<GeneratorCallback> {
  const scope = workspaceScope(tree);
  const options = await askKindQuestions(given, prompter);
  const answers = validateOptions(tree, options, scope);
  const variables = serviceVariables(answers, scope, templateVersion(tree));

  const result = await renderIntoTree(tree, {
    templates: join(tree.root, TEMPLATES_FOLDER),
    generator: TEMPLATE_ID,
    action: TEMPLATE_ACTION,
    variables: { ...variables },
  });
  for (const message of result.messages) logger.info(message);
  assertWritable(tree);

  return async () => {
    if (!options.skipInstall) await installPackages(tree);
    runShellActions(result.shell, tree.root);
    logger.info(
      `Service ${variables.packageName} created in apps/${answers.name}. Next: nx test ${answers.name}`,
    );
  };
}

export default serviceGenerator;
