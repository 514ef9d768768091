import type { PolicyReport } from "./service";
import { passed } from "./service";

/** The report as the `policy` target prints it: each violation with rule, stage, resource and fix. */
export function renderReport(report: PolicyReport): string {
  const lines: string[] = [];
  const where = `${report.service} (${report.stages.join(", ")})`;
  if (passed(report)) {
    lines.push(`✓ ${where} keeps the platform's rules.`);
  } else {
    const count = report.violations.length + report.waiverProblems.length;
    lines.push(`✕ ${where}: ${count} problem(s)`);
  }
  for (const violation of report.violations) {
    lines.push(
      `  - [${violation.rule}] ${violation.stage}: ${violation.message}`,
      `    Fix: ${violation.fix}`,
    );
  }
  for (const problem of report.waiverProblems) lines.push(`  - [waiver] ${problem}`);
  if (report.waived.length > 0) {
    lines.push(`  Waived (${report.waived.length}):`);
    for (const { violation, waiver } of report.waived) {
      lines.push(
        `  ~ [${violation.rule}] ${violation.stage}: ${violation.resource}, waived for ${waiver.waiver.owner} until ${waiver.waiver.expires}: ${waiver.waiver.reason}`,
      );
    }
  }
  return lines.join("\n");
}
