import { layout } from "@acme/contract";
import type { DeclaredTarget } from "../needs";
import type { Project } from "../project";
import { fixedCommand } from "./run";

/**
 * `sst-install`, on the project that holds the workspace's single SST platform: installs it
 * offline (npm registry only) and links every service to it. Every target that declares a need
 * with `sstPlatform` runs after it. Not cached: its output is a 420 MB folder outside Nx's cache,
 * and it takes about 0.3 s when there is nothing to do.
 */
export function sstInstall(project: Project): DeclaredTarget | undefined {
  if (project.root !== layout.platformProjectRoot) return undefined;
  return {
    name: project.options.sstInstallTargetName,
    // The installer is a script of @acme/platform, which depends on this project: declaring it as
    // a package need would make a cycle in Nx's graph. The target is not cached, so it has no
    // inputs to keep true.
    needs: [],
    config: {
      ...fixedCommand("node tools/platform/bin/sst-install.mjs"),
      cache: false,
      metadata: {
        description:
          "Install SST's platform once for the workspace (offline, npm registry only) and link every service to it.",
        technologies: ["sst"],
      },
    },
  };
}
