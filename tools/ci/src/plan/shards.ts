import { type Costs, taskCost } from "./costs.ts";

export interface SelectedTask {
  id: string;
  project: string;
  target: string;
}

/** One CI job's share of the checks: the `nx run-many` calls it makes. */
export interface Shard {
  index: number;
  projects: string[];
  /** Each entry is one `nx run-many -t <targets> -p <projects>`: projects that need the same targets. */
  runs: { targets: string[]; projects: string[] }[];
  estimatedSeconds: number;
}

export interface ShardOptions {
  costs: Costs;
  /** The most jobs a run may use (the workflow's matrix size). */
  maxShards: number;
  /** Work one job should carry before another job pays for itself (checkout, npm ci, setup). */
  secondsPerShard: number;
}

interface Unit {
  project: string;
  targets: string[];
  cost: number;
}

/**
 * Splits the selected tasks across jobs. A project's tasks stay together (they share its
 * dependencies' setup and the cache reads of its inputs), and projects are placed largest first on
 * the least-loaded job (LPT), which keeps the longest job within 4/3 of the best split.
 */
export function planShards(tasks: SelectedTask[], options: ShardOptions): Shard[] {
  const units = projectUnits(tasks, options.costs);
  if (units.length === 0) return [];
  const total = units.reduce((sum, unit) => sum + unit.cost, 0);
  const count = Math.max(
    1,
    Math.min(options.maxShards, units.length, Math.ceil(total / options.secondsPerShard)),
  );
  const bins: Unit[][] = Array.from({ length: count }, () => []);
  const loads = new Array<number>(count).fill(0);
  for (const unit of [...units].sort(
    (a, b) => b.cost - a.cost || a.project.localeCompare(b.project),
  )) {
    const lightest = loads.indexOf(Math.min(...loads));
    (bins[lightest] as Unit[]).push(unit);
    loads[lightest] = (loads[lightest] as number) + unit.cost;
  }
  return bins.map((bin, index) => ({
    index,
    projects: bin.map((unit) => unit.project).sort(),
    runs: groupRuns(bin),
    estimatedSeconds: round(loads[index] as number),
  }));
}

function projectUnits(tasks: SelectedTask[], costs: Costs): Unit[] {
  const byProject = new Map<string, Unit>();
  for (const task of tasks) {
    const unit = byProject.get(task.project) ?? { project: task.project, targets: [], cost: 0 };
    unit.targets.push(task.target);
    unit.cost += taskCost(costs, task.id, task.target);
    byProject.set(task.project, unit);
  }
  return [...byProject.values()];
}

function groupRuns(bin: Unit[]): Shard["runs"] {
  const byTargets = new Map<string, string[]>();
  for (const unit of bin) {
    const key = [...unit.targets].sort().join(" ");
    byTargets.set(key, [...(byTargets.get(key) ?? []), unit.project]);
  }
  return [...byTargets.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, projects]) => ({ targets: key.split(" "), projects: projects.sort() }));
}

/** The wall time a split predicts: its longest job, plus each job's fixed start-up. */
export function predictedWallSeconds(shards: Shard[], startupSeconds: number): number {
  if (shards.length === 0) return 0;
  return round(Math.max(...shards.map((shard) => shard.estimatedSeconds)) + startupSeconds);
}

function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
