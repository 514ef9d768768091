import { changedFiles, type FileChange, fileAt, mergeBase, resolveCommit } from "./git.ts";
import { LOCKFILE, lockfileTouchesOnlyWorkspaces } from "./lockfile.ts";
import { type AffectedSelection, affectedGraph } from "./nx.ts";
import {
  buildPlan,
  CHECK_TARGETS,
  type DeployTarget,
  deletedServiceRoots,
  filesForNx,
  type Plan,
  type PlanOptions,
  SERVICE_TAG,
} from "./plan.ts";

/**
 * `shipyard-ci plan`: compares `head` with its merge base with `base` (as `nx affected` does) and
 * decides what the pipeline runs.
 */
export function runPlan(
  workspace: string,
  base: string,
  head: string,
  options: PlanOptions = {},
): Plan {
  const headCommit = resolveCommit(workspace, head);
  // A push that creates the branch has no "before" (GitHub sends zeros): plan its last commit.
  const baseCommit = /^0+$/.test(base)
    ? resolveCommit(workspace, `${headCommit}^`)
    : resolveCommit(workspace, base);
  const from = mergeBase(workspace, baseCommit, headCommit);
  const changes = changedFiles(workspace, from, headCommit);
  const removedRoots = deletedServiceRoots(changes);
  const selection = nxSelection(workspace, from, headCommit, changes, removedRoots);
  const empty = "files" in selection && selection.files.length === 0;
  return buildPlan({
    base: from,
    head: headCommit,
    changes,
    graph:
      changes.length === 0 || empty
        ? undefined
        : affectedGraph(workspace, [...CHECK_TARGETS], selection),
    removedServices: removedServiceNames(workspace, from, removedRoots),
    options,
  });
}

/** The deleted folders that were services at the merge base. */
function removedServiceNames(workspace: string, commit: string, roots: string[]): DeployTarget[] {
  return roots.flatMap((root) => {
    const manifest = fileAt(workspace, commit, `${root}/package.json`);
    if (manifest === undefined) return [];
    const pkg = JSON.parse(manifest) as { name?: string; nx?: { tags?: string[] } };
    return pkg.name && pkg.nx?.tags?.includes(SERVICE_TAG) ? [{ project: pkg.name, root }] : [];
  });
}

/**
 * Nx compares the two commits itself, except when the change deletes a service: Nx then counts the
 * deleted project file as touching every project, so the plan lists the files instead, without the
 * deleted service's own, and without the lockfile when its only changes are workspace entries.
 */
function nxSelection(
  workspace: string,
  from: string,
  head: string,
  changes: FileChange[],
  removedRoots: string[],
): AffectedSelection {
  if (removedRoots.length === 0) return { base: from, head };
  const lockfileIsWorkspaceOnly = lockfileTouchesOnlyWorkspaces(
    fileAt(workspace, from, LOCKFILE),
    fileAt(workspace, head, LOCKFILE),
  );
  return {
    files: filesForNx(changes, removedRoots).filter(
      (file) => !(file === LOCKFILE && lockfileIsWorkspaceOnly),
    ),
  };
}
