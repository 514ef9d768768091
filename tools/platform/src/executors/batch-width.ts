import { availableParallelism } from "node:os";

/**
 * How many processes (or workers) a batch runs side by side: the largest number any of its tasks
 * asks for in its options, or else one per core. Nx runs one batch at a time, so a batch takes
 * every core (docs/adr/0012-batches-use-every-core.md).
 */
export function batchWidth(asked: readonly (number | undefined)[]): number {
  const largest = Math.max(0, ...asked.map((value) => value ?? 0));
  return Math.max(1, largest || availableParallelism());
}
