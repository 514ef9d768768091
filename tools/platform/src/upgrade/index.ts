import { layout } from "@acme/contract";
import type { Tree } from "@nx/devkit";
import { getProjects } from "../generators/shared/devkit";
import type { Migration } from "../migrations";
import { TemplateRenderer } from "./render-version";
import { conflictSummary, formatServiceReport } from "./report";
import { type ServiceUpgrade, upgradeService } from "./service-upgrade";
import {
  archivedVersions,
  parseVersion,
  readTemplateConfig,
  TEMPLATE_ARCHIVE,
} from "./template-config";

export interface UpgradeOptions {
  projects?: string;
  all: boolean;
  to?: string;
  org: string;
  /** Nothing will be written (Nx's --dry-run): the conflicts are reported as ones it would leave. */
  dryRun?: boolean;
  /** The migrations to run (default: every registered one); tests pass their own. */
  migrations?: readonly Migration[];
}

export interface UpgradeResult {
  upgrades: ServiceUpgrade[];
  report: string[];
  /** What to do about the conflicts left, when there are any. */
  conflicts: string | undefined;
}

/** Upgrades the selected services in the tree; throws, before writing anything, on bad input. */
export async function upgradeServices(tree: Tree, options: UpgradeOptions): Promise<UpgradeResult> {
  const config = readTemplateConfig(tree);
  const to = options.to ?? config.version;
  const versions = archivedVersions(tree);
  if (parseVersion(to) === undefined) {
    throw new Error(
      `--to "${to}" is not a template version: use one of ${TEMPLATE_ARCHIVE}/ (${versions.join(", ") || "none"}), e.g. --to ${versions.at(-1) ?? config.version}.`,
    );
  }
  if (!versions.includes(to)) {
    throw new Error(
      `Template version ${to} is not in ${TEMPLATE_ARCHIVE}/ (it has ${versions.join(", ") || "none"}). Pass --to with one of those, or archive the version first: cp -R generators/service/new ${TEMPLATE_ARCHIVE}/${to} (generators/service/README.md, "Changing a template").`,
    );
  }
  const roots = selectServices(tree, options);
  const renderer = new TemplateRenderer(tree);
  try {
    const upgrades: ServiceUpgrade[] = [];
    for (const root of roots) {
      upgrades.push(
        await upgradeService(
          {
            tree,
            renderer,
            config,
            org: options.org,
            to,
            ...(options.migrations ? { migrations: options.migrations } : {}),
          },
          root,
        ),
      );
    }
    return {
      upgrades,
      report: upgrades.flatMap(formatServiceReport),
      conflicts: conflictSummary(upgrades, options.org, options.dryRun === true),
    };
  } finally {
    renderer.dispose();
  }
}

/** The service folders to upgrade; an unknown name or no selection is an error with the fix. */
export function selectServices(
  tree: Tree,
  options: Pick<UpgradeOptions, "projects" | "all">,
): string[] {
  const services = [...getProjects(tree).entries()]
    .filter(
      ([, project]) =>
        project.root.startsWith(`${layout.servicesDir}/`) &&
        tree.exists(`${project.root}/sst.config.ts`),
    )
    .map(([name, project]) => ({ name, root: project.root }))
    .sort((a, b) => a.root.localeCompare(b.root));
  const known =
    services.map((service) => service.root.slice(layout.servicesDir.length + 1)).join(", ") ||
    "none";
  if (options.all && options.projects) {
    throw new Error("Pass either --projects <a,b> or --all, not both.");
  }
  if (options.all) return services.map((service) => service.root);
  const wanted = (options.projects ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  if (wanted.length === 0) {
    throw new Error(
      `Say which services to upgrade: --projects <a,b> (services: ${known}) or --all.`,
    );
  }
  return wanted.map((name) => {
    const service = services.find(
      (candidate) => candidate.name === name || candidate.root === `${layout.servicesDir}/${name}`,
    );
    if (!service) throw new Error(`"${name}" is not a service (services: ${known}).`);
    return service.root;
  });
}
