import { existsSync } from "node:fs";
import { join } from "node:path";
import type { TargetConfiguration } from "@nx/devkit";

/** A service is a project under `apps/` with its own `sst.config.ts` (docs/adr/0001). */
export function isService(projectRoot: string, workspaceRoot: string): boolean {
  return (
    projectRoot.startsWith("apps/") && existsSync(join(workspaceRoot, projectRoot, "sst.config.ts"))
  );
}

const sstInputs = ["default", "^production", { externalDependencies: ["sst"] }];

/**
 * The targets every service gets from its `sst.config.ts`. SST commands run in the service's folder,
 * so each service is its own SST app with its own `.sst/` (docs/adr/0001), through `shipyard-sst`
 * (tools/platform/bin/sst.mjs: stage check, `--mode mono` for `dev` under Nx). Extra arguments are
 * passed on: `nx deploy orders --stage production` runs `sst deploy --stage production`.
 */
export function serviceTargets(projectRoot: string): Record<string, TargetConfiguration> {
  const inService = { cwd: projectRoot };
  return {
    build: {
      command: "sst-offline build",
      options: inService,
      cache: true,
      inputs: sstInputs,
      outputs: ["{projectRoot}/dist"],
      metadata: {
        description:
          "Bundle every Lambda handler of the service as SST would (esbuild), offline, into dist/.",
        technologies: ["sst", "esbuild"],
      },
    },
    infra: {
      command: "sst-offline plan",
      options: inService,
      cache: true,
      inputs: sstInputs,
      outputs: [],
      metadata: {
        description:
          "Print the resources the service's infra creates for a stage (--stage, default dev; --json), evaluated offline with SST's own components.",
        technologies: ["sst"],
      },
    },
    "platform-check": {
      command: "shipyard-check",
      options: inService,
      cache: true,
      inputs: [...sstInputs, "{workspaceRoot}/CODEOWNERS"],
      outputs: [],
      metadata: {
        description:
          "Check the platform's rules: provenance, tags, CODEOWNERS entry, conventions applied, and link types that match the infra.",
        technologies: ["sst"],
      },
    },
    "link-types": {
      command: "sst-offline types",
      options: inService,
      cache: false,
      metadata: {
        description:
          "Write sst-env.d.ts: the Resource types of exactly the resources the service's functions link (--check to verify).",
        technologies: ["sst"],
      },
    },
    serve: {
      command: "shipyard-serve",
      options: inService,
      continuous: true,
      cache: false,
      metadata: {
        description:
          "Run the service locally with no AWS and no internet: its routes, queue or schedule, with an embedded Postgres, a local bucket and a local queue (@acme/local).",
        technologies: ["sst"],
      },
    },
    dev: {
      command: "shipyard-sst dev",
      options: inService,
      continuous: true,
      cache: false,
      metadata: {
        description:
          "Run `sst dev` for this service against AWS, in SST's mono mode (your personal stage unless --stage is given).",
        technologies: ["sst"],
      },
    },
    deploy: {
      command: "shipyard-sst deploy",
      options: inService,
      cache: false,
      metadata: {
        description:
          "Deploy this service alone with `sst deploy` (--stage <stage>; your personal stage by default).",
        technologies: ["sst"],
      },
    },
    remove: {
      command: "shipyard-sst remove",
      options: inService,
      cache: false,
      metadata: {
        description: "Remove this service's stage with `sst remove` (--stage <stage>).",
        technologies: ["sst"],
      },
    },
  };
}
