/**
 * A temporary copy of the workspace for the benchmarks that grow it with generated services:
 * tracked and untracked files, node_modules linked (`@acme/*` to the copy's own packages), the
 * shared SST platform linked.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { copyWorkspace } from "@acme/workspace-copy";
import { generateServices } from "./services.mts";
import { runCommand } from "./time.mts";

/** The example services the workspace holds (apps/orders, apps/notifications, apps/billing-report). */
export const EXAMPLES = 3;
const GENERATED_PREFIX = "scale-";

/**
 * A copy of the workspace: tracked and untracked files, node_modules of its own (@acme/* and the
 * bins to the copy's packages), the shared SST platform linked, `git init` without a commit.
 * With `ref`, the files of that git commit instead (to measure a change against what it replaced,
 * in one run), with the same node_modules.
 */
export function createCopy(prefix = "shipyard-bench-scaling-", ref?: string): string {
  return copyWorkspace({ prefix, ref, nodeModules: "own" });
}

/** Adds http services until the copy holds `count`, and links them to the shared platform. */
export function growTo(copy: string, count: number) {
  const existing = readdirSync(join(copy, "apps")).filter((name) =>
    name.startsWith(GENERATED_PREFIX),
  ).length;
  const wanted = count - EXAMPLES;
  if (wanted > existing) {
    generateServices(
      copy,
      Array.from({ length: wanted - existing }, (_, offset) => ({
        name: `${GENERATED_PREFIX}${existing + offset}`,
        kind: "http" as const,
        owner: "payments",
        skipInstall: true,
      })),
    );
  }
  runCommand(process.execPath, ["tools/platform/bin/sst-install.mjs"], { cwd: copy });
}

/**
 * CPU seconds (user + system) of this process's waited-for descendants: read before and after a
 * command, the difference is what the command and every process it started used (Linux:
 * `cutime` + `cstime` in /proc/self/stat, in clock ticks of 1/100 s).
 */
export function childrenCpuSeconds(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  // The fields after the command name (which may hold spaces) start at field 3.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) / 100;
}
