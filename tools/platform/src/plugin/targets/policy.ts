import { type DeclaredTarget, needs } from "../needs";
import type { Project } from "../project";
import { runProgram } from "./run";

/** The package with the platform's rules (`shipyard-policy`). */
export const policyPackage = "@acme/policy";

/**
 * `policy` on every service: the platform's rules checked on what its infra really creates,
 * evaluated offline in dev and production (`shipyard-policy`, packages/policy). Cached; the inputs
 * hold everything that changes the verdict: the service (with its `policy-waivers.json`) and what
 * it imports, the rules and the evaluator (from the needs), and the day (runtimes are deprecated
 * and waivers expire on a date).
 */
export function policy(project: Project): DeclaredTarget | undefined {
  if (!project.isService) return undefined;
  return {
    name: project.options.policyTargetName,
    needs: [
      needs.evaluator,
      needs.runExecutor,
      // The bin runs a copy of the rules compiled by esbuild (@acme/compiled, a dependency of the package).
      { id: "policy-rules", packages: [policyPackage], externalDependencies: ["esbuild"] },
    ],
    config: {
      ...runProgram(project, {
        package: policyPackage,
        bin: "shipyard-policy",
        validateStage: true,
        batched: true,
      }),
      cache: true,
      inputs: [
        "default",
        "^production",
        { runtime: 'node -e "process.stdout.write(new Date().toISOString().slice(0, 10))"' },
      ],
      outputs: [],
      metadata: {
        description:
          "Check the platform's rules (trust, IAM, buckets, tags, data retention, queues, logs, runtime) on the infra evaluated in dev and production; waivers in policy-waivers.json.",
        help: {
          command: "npx shipyard-policy --help",
          example: { options: { stage: "production" } },
        },
        technologies: ["sst"],
      },
    },
  };
}
