import type { TargetConfiguration } from "@nx/devkit";

/**
 * `template-check` on every service (tools/platform/src/upgrade/check.ts): cached, keyed on the
 * service's files, the template version and policy, CODEOWNERS, the scope and the plugin's code.
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
        // The scope (from the root package's name) is part of the messages.
        "{workspaceRoot}/package.json",
        // The check's code and what it imports (service layout, provenance, merge markers).
        "{workspaceRoot}/tools/platform/src/**/*",
        "!{workspaceRoot}/tools/platform/src/**/*.test.ts",
        "{workspaceRoot}/packages/contract/src/**/*",
        "!{workspaceRoot}/packages/contract/src/**/*.test.ts",
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
