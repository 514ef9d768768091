import type { Tree } from "@nx/devkit";
import { workspaceScope } from "../../generators/service/validate";
import { checkTemplate } from "../../upgrade/check";

/** A line the check prints, and where: problems go to stderr. */
export interface CheckLine {
  stream: "stdout" | "stderr";
  text: string;
}

/** One service's template check: its verdict and what it prints, in order. */
export interface ServiceCheck {
  success: boolean;
  lines: CheckLine[];
}

/**
 * Checks one service (upgrade/check.ts) on a read-only tree of the workspace: Nx's own Tree, so
 * the check shares the upgrade's file rules. The single and the batch executors print the same
 * lines from it.
 */
export function checkService(tree: Tree, projectRoot: string): ServiceCheck {
  const { problems, notes } = checkTemplate(tree, projectRoot, workspaceScope(tree));
  const lines: CheckLine[] = [
    ...notes.map((note) => ({ stream: "stdout" as const, text: `ℹ ${note}` })),
    ...problems.map((problem) => ({ stream: "stderr" as const, text: `✕ ${problem}` })),
  ];
  if (problems.length === 0) {
    lines.push({
      stream: "stdout",
      text: `✓ ${projectRoot} is on an allowed template version, with no conflict markers.`,
    });
  }
  return { success: problems.length === 0, lines };
}
