import { type DeclaredTarget, needs, platformPackage } from "../needs";
import type { Project } from "../project";
import { runProgram } from "./run";

/**
 * `dev`, `deploy` and `remove`: the SST CLI for this service alone, through `shipyard-sst`
 * (`--mode mono` for `dev`, since Nx owns the terminal). The stage is checked against the
 * platform contract before SST starts. Arguments are passed on as typed:
 * `nx deploy orders --stage production`.
 */
export function sstCommands(project: Project): DeclaredTarget[] {
  if (!project.isService) return [];
  const { options } = project;
  const sst = (command: string) =>
    runProgram(project, {
      package: platformPackage,
      bin: "shipyard-sst",
      args: [command],
      validateStage: true,
    });
  const declared = [needs.sstCli, needs.platformCommands];
  const help = (command: string) => ({
    command: `npx sst ${command} --help`,
    example: { options: { stage: "pr-42" } },
  });
  return [
    {
      name: options.devTargetName,
      needs: declared,
      config: {
        ...sst("dev"),
        continuous: true,
        cache: false,
        metadata: {
          description:
            "Run `sst dev` for this service against AWS, in SST's mono mode (your personal stage unless --stage is given).",
          technologies: ["sst"],
          help: help("dev"),
        },
      },
    },
    {
      name: options.deployTargetName,
      needs: declared,
      config: {
        ...sst("deploy"),
        cache: false,
        metadata: {
          description:
            "Deploy this service alone with `sst deploy` (--stage <stage>; your personal stage by default).",
          technologies: ["sst"],
          help: help("deploy"),
        },
      },
    },
    {
      name: options.removeTargetName,
      needs: declared,
      config: {
        ...sst("remove"),
        cache: false,
        metadata: {
          description: "Remove this service's stage with `sst remove` (--stage <stage>).",
          technologies: ["sst"],
          help: help("remove"),
        },
      },
    },
  ];
}
