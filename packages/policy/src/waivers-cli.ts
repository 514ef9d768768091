import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { layout, requireWorkspaceRoot } from "@acme/contract";
import { todayUtc } from "./service";
import { type RecordedWaiver, readWaivers, WAIVERS_FILE } from "./waivers";

export interface WorkspaceWaiver extends RecordedWaiver {
  service: string;
}

/** Every waiver recorded by every service of the workspace, with its problems. */
export function workspaceWaivers(workspaceRoot: string, today: string): WorkspaceWaiver[] {
  const servicesDir = join(workspaceRoot, layout.servicesDir);
  if (!existsSync(servicesDir)) return [];
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(servicesDir, entry.name, "sst.config.ts")),
    )
    .flatMap((entry) => {
      try {
        return readWaivers(join(servicesDir, entry.name), today).map((recorded) => ({
          service: entry.name,
          ...recorded,
        }));
      } catch (error) {
        return [
          { service: entry.name, waiver: {}, index: 0, problems: [(error as Error).message] },
        ];
      }
    });
}

/** `shipyard-waivers`: the platform team's view of every waiver. Exit 1 when any is invalid. */
export function main(argv: string[], from = process.cwd()): number {
  const { values } = parseArgs({ args: argv, options: { json: { type: "boolean" } } });
  const today = todayUtc();
  const waivers = workspaceWaivers(requireWorkspaceRoot(from), today);
  if (values.json) {
    console.log(JSON.stringify(waivers, null, 2));
  } else if (waivers.length === 0) {
    console.log(`No waivers: no service records one in apps/*/${WAIVERS_FILE}.`);
  } else {
    for (const { service, waiver, index, problems } of waivers) {
      const status = problems.length === 0 ? "valid" : "INVALID";
      console.log(
        `${service} #${index} [${waiver.rule ?? "?"}] ${waiver.resource ?? "?"} ${waiver.stages ? `(${waiver.stages.join(", ")}) ` : ""}owner ${waiver.owner ?? "?"}, expires ${waiver.expires ?? "?"}: ${status}`,
      );
      console.log(`    reason: ${waiver.reason ?? "(none)"}`);
      for (const problem of problems) console.log(`    problem: ${problem}`);
    }
  }
  return waivers.some((recorded) => recorded.problems.length > 0) ? 1 : 0;
}
