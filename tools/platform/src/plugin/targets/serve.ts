import { type DeclaredTarget, localRunnerPackage, needs } from "../needs";
import type { Project } from "../project";
import { runProgram } from "./run";

/** `serve`: the service run locally with no AWS and no internet (`@acme/local`). */
export function serve(project: Project): DeclaredTarget | undefined {
  if (!project.isService) return undefined;
  return {
    name: project.options.serveTargetName,
    needs: [needs.localRunner, needs.evaluator],
    config: {
      ...runProgram(project, {
        package: localRunnerPackage,
        bin: "shipyard-serve",
        validateStage: true,
      }),
      continuous: true,
      cache: false,
      metadata: {
        description:
          "Run the service locally with no AWS and no internet: its routes, queue or schedule, with an embedded Postgres, a local bucket and a local queue (@acme/local).",
        technologies: ["sst"],
        help: { command: "npx shipyard-serve --help", example: { options: { port: 3000 } } },
      },
    },
  };
}
