import type { TargetConfiguration } from "@nx/devkit";

/**
 * `policy` on every service: the platform's rules checked on what its infra really creates,
 * evaluated offline in dev and production (`shipyard-policy`, packages/policy). Cached; the inputs
 * hold everything that changes the verdict: the service (with its `policy-waivers.json`) and what
 * it imports, the rules and the evaluator that computes them, SST's version, and the day (runtimes
 * are deprecated and waivers expire on a date).
 */
export function policyTarget(projectRoot: string): Record<string, TargetConfiguration> {
  return {
    policy: {
      command: "shipyard-policy",
      options: { cwd: projectRoot },
      cache: true,
      inputs: [
        "default",
        "^production",
        { input: "production", projects: ["@acme/policy", "@acme/sst-offline"] },
        { externalDependencies: ["sst", "tsx"] },
        { runtime: 'node -e "process.stdout.write(new Date().toISOString().slice(0, 10))"' },
      ],
      outputs: [],
      metadata: {
        description:
          "Check the platform's rules (trust, IAM, buckets, tags, data retention, queues, logs, runtime) on the infra evaluated in dev and production; waivers in policy-waivers.json.",
        technologies: ["sst"],
      },
    },
  };
}
