import { CHECKED_STAGES, layout } from "@acme/contract";
import { type DeclaredTarget, needs } from "../needs";
import type { Project } from "../project";
import { fixedCommands } from "./run";

/**
 * `evaluate`: the service's infra evaluated once per change, for each stage the checks read
 * (`sst-offline evaluate`), kept in `.sst/offline/<stage>.json` and cached by Nx. Every target
 * that declares `needs.evaluator` runs after it (`../needs.ts`) and reads the kept evaluation
 * instead of evaluating again. Stages are fixed: a target run with another `--stage` evaluates
 * that stage itself, once, and keeps it too.
 */
export function evaluate(project: Project): DeclaredTarget | undefined {
  if (!project.isService) return undefined;
  // A stage whose secrets have no value yet (production, before `sst secret set`) is skipped here,
  // not failed: the checks that read it evaluate it themselves (with stand-ins, in the policy).
  const commands = CHECKED_STAGES.map(
    (stage) => `sst-offline evaluate --stage ${stage} --skip-unset-secrets`,
  );
  return {
    name: project.options.evaluateTargetName,
    needs: [needs.evaluator],
    config: {
      // The stages side by side: every other target of the service waits for this one.
      ...fixedCommands(commands, project.root),
      cache: true,
      inputs: ["default", "^production"],
      outputs: [`{projectRoot}/${layout.evaluationsDir}`],
      metadata: {
        description: `Evaluate the service's infra offline once per change (stages ${CHECKED_STAGES.join(", ")}) and keep it in ${layout.evaluationsDir}/ for build, infra, link-types, platform-check, policy and the tests.`,
        technologies: ["sst"],
        help: { command: "npx sst-offline evaluate --help", example: {} },
      },
    },
  };
}
