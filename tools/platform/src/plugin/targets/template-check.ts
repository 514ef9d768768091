import type { TargetConfiguration } from "@nx/devkit";

/**
 * `template-check` on every service (tools/platform/src/upgrade/check.ts): cached, keyed on the
 * service's files, the template version and policy, CODEOWNERS and the check's own code.
 */
export function templateCheckTarget(): Record<string, TargetConfiguration> {
  return {
    "template-check": {
      executor: "@acme/platform:template-check",
      cache: true,
      inputs: [
        "default",
        "{workspaceRoot}/generators/service/template.json",
        "{workspaceRoot}/CODEOWNERS",
        "{workspaceRoot}/tools/platform/src/upgrade/**/*",
        "{workspaceRoot}/tools/platform/src/executors/template-check/**/*",
        { externalDependencies: ["nx"] },
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
