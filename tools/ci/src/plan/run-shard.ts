import { spawnSync } from "node:child_process";
import { nxBin } from "./nx.ts";
import type { Plan } from "./plan.ts";

/**
 * Runs one shard of a plan: one `nx run-many` per group of projects that need the same targets.
 * Every group runs even when an earlier one fails, so one job reports all its failures at once.
 */
export function runShard(workspace: string, plan: Plan, index: number): number {
  const shard = plan.shards.find((candidate) => candidate.index === index);
  if (!shard) {
    throw new Error(
      `The plan has no shard ${index} (it has ${plan.shards.length}). Pass an index from its shardIndexes.`,
    );
  }
  const nx = nxBin(workspace);
  let failed = 0;
  for (const run of shard.runs) {
    const args = [
      nx,
      "run-many",
      "-t",
      ...run.targets,
      "-p",
      run.projects.join(","),
      "--output-style=static",
    ];
    console.log(`shipyard-ci: nx ${args.slice(1).join(" ")}`);
    const result = spawnSync(process.execPath, args, { cwd: workspace, stdio: "inherit" });
    if (result.status !== 0) failed += 1;
  }
  return failed > 0 ? 1 : 0;
}
