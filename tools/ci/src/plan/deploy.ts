import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { stageProblem } from "@acme/contract";
import { nxBin } from "./nx.ts";
import type { DeployRecord } from "./preview-comment.ts";

export interface DeployRequest {
  project: string;
  root: string;
  stage: string;
  action: "deploy" | "remove";
  /** Where a deploy leaves its {@link DeployRecord} (`<folder>/<service folder>.json`). */
  recordDir?: string | undefined;
}

/**
 * One service's deploy (or removal) job: `nx deploy <project> --stage <stage>` (the platform's SST
 * wrapper), then the service's SST outputs recorded for the pull request comment.
 */
export function deployService(workspace: string, request: DeployRequest): number {
  const problem = stageProblem(request.stage);
  if (problem) throw new Error(problem);
  const args = [nxBin(workspace), request.action, request.project, "--stage", request.stage];
  console.log(`shipyard-ci: nx ${args.slice(1).join(" ")}`);
  const result = spawnSync(process.execPath, args, { cwd: workspace, stdio: "inherit" });
  if (result.status !== 0) return result.status ?? 1;
  if (request.action === "deploy" && request.recordDir) {
    writeRecord(workspace, request, request.recordDir);
  }
  return 0;
}

function writeRecord(workspace: string, request: DeployRequest, dir: string): void {
  // SST writes a deploy's outputs (the values `run()` returns) to .sst/outputs.json.
  const outputsFile = join(workspace, request.root, ".sst", "outputs.json");
  const outputs = existsSync(outputsFile)
    ? (JSON.parse(readFileSync(outputsFile, "utf8")) as Record<string, unknown>)
    : {};
  const record: DeployRecord = { project: request.project, root: request.root, outputs };
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${basename(request.root)}.json`),
    `${JSON.stringify(record, null, 2)}\n`,
  );
}
