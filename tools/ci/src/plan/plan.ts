import { layout, previewStage, stageProblem } from "@acme/contract";
import { type Costs, DEFAULT_COSTS } from "./costs.ts";
import { deployWaves, limitWaveSize } from "./deploy-order.ts";
import type { FileChange } from "./git.ts";
import type { AffectedGraph } from "./nx.ts";
import { planShards, predictedWallSeconds, type SelectedTask, type Shard } from "./shards.ts";

/** The checks every pull request runs on what it affects (the README's `npm test` targets). */
export const CHECK_TARGETS = [
  "lint",
  "format-check",
  "typecheck",
  "test",
  "build",
  "infra",
  "platform-check",
  "policy",
  "template-check",
] as const;

/** A service is deployed when a task that shapes what is deployed is affected. */
export const DEPLOY_TRIGGER_TARGETS = ["build", "infra"] as const;

export const SERVICE_TAG = "type:service";

/** Wave jobs written out in .github/workflows/deploy.yml (GitHub Actions cannot loop over jobs). */
export const MAX_DEPLOY_WAVES = 4;

/** GitHub Actions starts at most this many jobs from one matrix. */
export const MATRIX_LIMIT = 256;

/** Seconds every CI job spends before its first task: checkout, npm ci, SST setup, cache reads. */
export const JOB_STARTUP_SECONDS = 60;

export interface PlanOptions {
  costs?: Costs;
  maxShards?: number;
  secondsPerShard?: number;
  pullRequest?: number | undefined;
}

/** A service as the deploy jobs need it: its Nx project and its folder. */
export interface DeployTarget {
  project: string;
  root: string;
}

export interface Plan {
  base: string;
  head: string;
  changedFiles: number;
  affectedProjects: string[];
  tasks: number;
  estimatedSeconds: number;
  predictedWallSeconds: number;
  shards: Shard[];
  /** `[0, 1, ...]`, one entry per shard, for a workflow matrix. */
  shardIndexes: number[];
  previewStage: string | null;
  /** The services to deploy, in waves: a wave's services depend only on earlier waves'. */
  deploy: { services: string[]; waves: DeployTarget[][] };
  /** Services deleted by the change: their stages are removed, nothing of theirs is checked. */
  removedServices: DeployTarget[];
}

/** The service folders whose package.json the change deletes: the services it removes. */
export function deletedServiceRoots(changes: FileChange[]): string[] {
  const manifest = new RegExp(`^${layout.servicesDir}/([^/]+)/package\\.json$`);
  return changes
    .filter((change) => change.status === "D")
    .map((change) => manifest.exec(change.path)?.[1])
    .filter((name): name is string => name !== undefined)
    .map((name) => `${layout.servicesDir}/${name}`)
    .sort();
}

/**
 * The files to hand to `nx affected`. A deleted service's own files are left out: Nx would
 * otherwise treat the deleted project file as a reason to check every project, and there is nothing
 * left of the service to check. Its other effects (a CODEOWNERS line, the lockfile) stay in.
 */
export function filesForNx(changes: FileChange[], removedRoots: string[]): string[] {
  return changes
    .map((change) => change.path)
    .filter((path) => !removedRoots.some((root) => path.startsWith(`${root}/`)))
    .sort();
}

export function selectedTasks(graph: AffectedGraph): SelectedTask[] {
  const checks = new Set<string>(CHECK_TARGETS);
  return Object.values(graph.tasks.tasks)
    .filter((task) => checks.has(task.target.target))
    .map((task) => ({ id: task.id, project: task.target.project, target: task.target.target }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

export function buildPlan(input: {
  base: string;
  head: string;
  changes: FileChange[];
  graph: AffectedGraph | undefined;
  removedServices: DeployTarget[];
  options?: PlanOptions;
}): Plan {
  const options = input.options ?? {};
  const costs = options.costs ?? DEFAULT_COSTS;
  const tasks = input.graph ? selectedTasks(input.graph) : [];
  const shards = planShards(tasks, {
    costs,
    maxShards: Math.min(options.maxShards ?? 16, MATRIX_LIMIT),
    secondsPerShard: options.secondsPerShard ?? 240,
  });
  const services = input.graph ? servicesToDeploy(input.graph, tasks) : [];
  const waves = input.graph
    ? limitWaveSize(deployWaves(services, serviceDependencies(input.graph)), MATRIX_LIMIT)
    : [];
  if (waves.length > MAX_DEPLOY_WAVES) {
    throw new Error(
      `The services to deploy form ${waves.length} waves (${waves.map((w) => w.join(" ")).join(" → ")}), and .github/workflows/deploy.yml has jobs for ${MAX_DEPLOY_WAVES}. Add a wave job there and raise MAX_DEPLOY_WAVES in tools/ci/src/plan/plan.ts.`,
    );
  }
  return {
    base: input.base,
    head: input.head,
    changedFiles: input.changes.length,
    affectedProjects: [...new Set(tasks.map((task) => task.project))].sort(),
    tasks: tasks.length,
    estimatedSeconds: Math.round(shards.reduce((sum, shard) => sum + shard.estimatedSeconds, 0)),
    predictedWallSeconds: predictedWallSeconds(shards, JOB_STARTUP_SECONDS),
    shards,
    shardIndexes: shards.map((shard) => shard.index),
    previewStage: previewStageFor(options.pullRequest),
    deploy: {
      services: waves.flat(),
      waves: waves.map((wave) =>
        wave.map((project) => ({
          project,
          root: input.graph?.graph.nodes[project]?.data.root ?? "",
        })),
      ),
    },
    removedServices: input.removedServices,
  };
}

function previewStageFor(pullRequest: number | undefined): string | null {
  if (pullRequest === undefined) return null;
  const stage = previewStage(pullRequest);
  const problem = stageProblem(stage);
  if (problem) throw new Error(problem);
  return stage;
}

function isService(graph: AffectedGraph, project: string): boolean {
  return graph.graph.nodes[project]?.data.tags?.includes(SERVICE_TAG) ?? false;
}

function servicesToDeploy(graph: AffectedGraph, tasks: SelectedTask[]): string[] {
  const triggers = new Set<string>(DEPLOY_TRIGGER_TARGETS);
  return [
    ...new Set(
      tasks
        .filter((task) => triggers.has(task.target) && isService(graph, task.project))
        .map((task) => task.project),
    ),
  ].sort();
}

function serviceDependencies(graph: AffectedGraph): Record<string, string[]> {
  const deps: Record<string, string[]> = {};
  for (const [project, edges] of Object.entries(graph.graph.dependencies)) {
    deps[project] = edges.map((edge) => edge.target).filter((target) => isService(graph, target));
  }
  return deps;
}
