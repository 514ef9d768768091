import { CHECKED_STAGES, layout } from "@acme/contract";
import type { EvaluateExecutorOptions } from "../../executors/evaluate/schema";
import { type DeclaredTarget, needs } from "../needs";
import type { Project } from "../project";

/** The executor behind the target (`src/executors/evaluate`). */
export const evaluateExecutor = "@acme/platform:evaluate";

/**
 * `evaluate`: the service's infra evaluated once per change, for each stage the checks read
 * (`sst-offline evaluate`), kept in `.sst/offline/<stage>.json` and cached by Nx. Every target
 * that declares `needs.evaluator` runs after it (`../needs.ts`) and reads the kept evaluation
 * instead of evaluating again. Stages are fixed: a target run with another `--stage` evaluates
 * that stage itself, once, and keeps it too. The platform's executor runs it: for one service, as
 * `sst-offline evaluate --stage <s> --skip-unset-secrets` for each stage side by side; for many
 * (Nx's batch mode, which the executor prefers), in one runner process per core, each loading
 * Pulumi and SST's platform once (docs/adr/0010-batch-evaluate.md, 0012). The executor's code is
 * an input through
 * `needs.evaluateExecutor`.
 */
export function evaluate(project: Project): DeclaredTarget | undefined {
  if (!project.isService) return undefined;
  // A stage whose secrets have no value yet (production, before `sst secret set`) is skipped here,
  // not failed: the checks that read it evaluate it themselves (with stand-ins, in the policy).
  const options: EvaluateExecutorOptions = { stages: [...CHECKED_STAGES], skipUnsetSecrets: true };
  return {
    name: project.options.evaluateTargetName,
    needs: [needs.evaluator, needs.evaluateExecutor],
    config: {
      executor: evaluateExecutor,
      options,
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
