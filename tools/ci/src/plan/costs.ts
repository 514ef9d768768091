/**
 * Estimated seconds of one machine (2 cores) per task, by target, used to size shards. The figures
 * are measured with `NX_PROFILE` (Nx's per-task trace) on the example services, one task at a time
 * (docs/ci.md, "Measured scaling"): about 16 s per service. A team can pass its own with `--costs <file.json>` ({"byTarget": {...}, "byTask": {...}}).
 */
export interface Costs {
  byTarget: Record<string, number>;
  /** Tasks that cost far more than their target's usual, e.g. the end-to-end suite. */
  byTask: Record<string, number>;
  /** Seconds for a target missing from byTarget. */
  fallback: number;
}

export const DEFAULT_COSTS: Costs = {
  byTarget: {
    lint: 0.5,
    "format-check": 0.5,
    typecheck: 3.5,
    test: 3.5,
    build: 2.2,
    infra: 2.0,
    "platform-check": 2.3,
    // Measured alone on apps/orders under load (4.5 s at load average 11): the policy target came later.
    policy: 2.5,
    // A few milliseconds of work, batched with the other services' (ADR 0011).
    "template-check": 0.1,
  },
  byTask: {
    "@acme/e2e:test": 100,
    "@acme/platform:test": 25,
  },
  fallback: 3,
};

export function taskCost(costs: Costs, taskId: string, target: string): number {
  return costs.byTask[taskId] ?? costs.byTarget[target] ?? costs.fallback;
}
