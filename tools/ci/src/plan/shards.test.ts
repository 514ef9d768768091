import { describe, expect, it } from "vitest";
import { DEFAULT_COSTS } from "./costs.ts";
import { planShards, predictedWallSeconds, type SelectedTask } from "./shards.ts";

const CHECKS = [
  "lint",
  "format-check",
  "typecheck",
  "test",
  "build",
  "infra",
  "platform-check",
  "policy",
];

function services(count: number): SelectedTask[] {
  return Array.from({ length: count }, (_, i) => `@acme/svc-${String(i).padStart(3, "0")}`).flatMap(
    (project) => CHECKS.map((target) => ({ id: `${project}:${target}`, project, target })),
  );
}

const options = { costs: DEFAULT_COSTS, maxShards: 64, secondsPerShard: 240 };

describe("planShards", () => {
  it("puts a one-service change on one job", () => {
    const shards = planShards(services(1), options);
    expect(shards).toHaveLength(1);
    expect(shards[0]?.runs).toEqual([{ targets: [...CHECKS].sort(), projects: ["@acme/svc-000"] }]);
  });

  it("fans a change to every service out over as many jobs as the work needs, up to the limit", () => {
    const perService = CHECKS.reduce((sum, t) => sum + (DEFAULT_COSTS.byTarget[t] ?? 0), 0);
    const shards = planShards(services(100), options);
    expect(shards).toHaveLength(Math.ceil((100 * perService) / 240));
    expect(planShards(services(500), { ...options, maxShards: 16 })).toHaveLength(16);
  });

  it("checks each project on exactly one job and balances the jobs", () => {
    const shards = planShards(services(100), { ...options, maxShards: 7 });
    const placed = shards.flatMap((shard) => shard.projects);
    expect(new Set(placed).size).toBe(100);
    const loads = shards.map((shard) => shard.estimatedSeconds);
    // Equal projects: LPT leaves the jobs at most one project apart.
    const perService = CHECKS.reduce((sum, t) => sum + (DEFAULT_COSTS.byTarget[t] ?? 0), 0);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(perService + 0.1);
  });

  it("balances a long task against many small ones within one service of an even split", () => {
    const tasks = [{ id: "@acme/e2e:test", project: "@acme/e2e", target: "test" }, ...services(30)];
    const shards = planShards(tasks, { ...options, maxShards: 4 });
    const loads = shards.map((shard) => shard.estimatedSeconds);
    const total = loads.reduce((a, b) => a + b, 0);
    const perService = CHECKS.reduce((sum, t) => sum + (DEFAULT_COSTS.byTarget[t] ?? 0), 0);
    expect(shards).toHaveLength(3);
    expect(Math.max(...loads)).toBeLessThanOrEqual(total / shards.length + perService);
    expect(
      shards.find((shard) => shard.projects.includes("@acme/e2e"))?.estimatedSeconds,
    ).toBeLessThanOrEqual(total / shards.length + perService);
  });

  it("predicts the wall time as the longest job plus start-up", () => {
    const shards = planShards(services(40), { ...options, maxShards: 4 });
    expect(predictedWallSeconds(shards, 60)).toBe(
      Math.max(...shards.map((s) => s.estimatedSeconds)) + 60,
    );
    expect(predictedWallSeconds([], 60)).toBe(0);
  });
});
