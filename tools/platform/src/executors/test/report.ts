import { sep } from "node:path";

/** The part of Vitest's JSON report (`--reporter=json`) that the batch reads. */
export interface VitestJsonReport {
  testResults: { name: string; status: string; assertionResults?: { status: string }[] }[];
}

/** What one project's test files did in a batch run. */
export interface ProjectOutcome {
  files: number;
  tests: number;
  failedFiles: number;
}

/**
 * Splits a batch run's JSON report by project: each test file (an absolute path) belongs to the
 * deepest project folder that holds it. A project with no file in the report is left out.
 */
export function outcomeByProject(
  report: VitestJsonReport,
  projectDirs: readonly string[],
): Map<string, ProjectOutcome> {
  const deepestFirst = [...projectDirs].sort((a, b) => b.length - a.length);
  const outcomes = new Map<string, ProjectOutcome>();
  for (const file of report.testResults) {
    const dir = deepestFirst.find((candidate) => file.name.startsWith(candidate + sep));
    if (dir === undefined) continue;
    const outcome = outcomes.get(dir) ?? { files: 0, tests: 0, failedFiles: 0 };
    outcome.files += 1;
    outcome.tests += file.assertionResults?.length ?? 0;
    if (file.status === "failed") outcome.failedFiles += 1;
    outcomes.set(dir, outcome);
  }
  return outcomes;
}
