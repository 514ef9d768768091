/**
 * Deploy waves: every service in a wave depends only on services of earlier waves, so the
 * workflow deploys wave by wave and the services of one wave side by side.
 */
export function deployWaves(
  services: string[],
  dependencies: Record<string, string[]>,
): string[][] {
  const deploying = new Set(services);
  const remaining = new Map(
    services.map((service) => [
      service,
      new Set((dependencies[service] ?? []).filter((dep) => deploying.has(dep) && dep !== service)),
    ]),
  );
  const waves: string[][] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.entries()]
      .filter(([, deps]) => deps.size === 0)
      .map(([service]) => service)
      .sort();
    if (ready.length === 0) {
      throw new Error(
        `Services depend on each other in a cycle (${[...remaining.keys()].sort().join(", ")}), so no deploy order exists. Break the cycle: services should share code through packages/, not depend on each other.`,
      );
    }
    waves.push(ready);
    for (const service of ready) remaining.delete(service);
    for (const deps of remaining.values()) for (const service of ready) deps.delete(service);
  }
  return waves;
}

/**
 * Splits waves larger than `limit` into consecutive waves of at most `limit` services: GitHub
 * Actions runs at most 256 jobs from one matrix. Later pieces still come after everything their
 * services depend on.
 */
export function limitWaveSize<T>(waves: T[][], limit: number): T[][] {
  return waves.flatMap((wave) =>
    Array.from({ length: Math.ceil(wave.length / limit) }, (_, i) =>
      wave.slice(i * limit, (i + 1) * limit),
    ),
  );
}
