#!/usr/bin/env node
/**
 * What it costs to start the evaluator's child process (the runner) before it evaluates anything:
 * Node loading the runner and every module it imports, then exiting on a missing argument. Compares
 * the ways of running a TypeScript runner, measured alternately in the same run:
 * - `compiled`: the runner as `evaluate()` starts it (bundled once by esbuild, cached; plain node);
 * - `tsx`: the TypeScript source through tsx's loader (`node --import tsx runner.ts`);
 * - `--against <ref>`: another revision's runner (main's was plain `.mjs` modules);
 * - `node -e 0`: Node's own start-up, the floor.
 * Wall time and CPU time (the child's user + system) of each. With `--against`, a second table
 * times what `evaluate()` pays in its own process before starting the runner: the check that the
 * cached runner is current (`runnerScript()`, each revision's own, on its own warm cache), called
 * alternately in this process.
 *
 * Usage: node --import tsx bench/runner-startup.mts [--runs 21] [--against main]
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as current from "../packages/sst-offline/src/runner-script.ts";
import { runnerScriptModuleIn } from "./lib/evaluation.mts";
import {
  childrenCpuMs,
  currentRunner,
  loadAverage,
  machineNote,
  parseArgs,
  ratioTable,
  runCommand,
  runnerAt,
  type Sampled,
  timeCommand,
} from "./lib/measure.mts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TEMP = join(ROOT, "packages", "sst-offline", ".bench-tmp", "runner-startup");
const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 21);
if (!Number.isInteger(runs) || runs < 1 || args.against === true) {
  console.error(
    "Usage: node --import tsx bench/runner-startup.mts [--runs N] [--against <git ref>]",
  );
  process.exit(2);
}

const variants: [string, string[]][] = [
  ["node -e 0", ["-e", "0"]],
  ["compiled (evaluate())", [await currentRunner()]],
  ["tsx", ["--import", "tsx", join(ROOT, "packages", "sst-offline", "src", "runner", "runner.ts")]],
];
try {
  if (typeof args.against === "string") {
    variants.push([`${args.against}`, [await runnerAt(args.against, TEMP)]]);
  }
  const before = loadAverage();
  const times: number[][] = variants.map(() => []);
  const cpu: number[][] = variants.map(() => []);
  for (let run = 0; run < runs; run++) {
    variants.forEach(([, argv], index) => {
      const cpuBefore = childrenCpuMs();
      // The runners start without their input and exit with an error: start-up is what counts.
      times[index]?.push(
        timeCommand(process.execPath, argv, { cwd: ROOT, stdio: "ignore", allowFailure: true }),
      );
      cpu[index]?.push(childrenCpuMs() - cpuBefore);
    });
  }
  const rows = (samples: number[][]): Sampled[] =>
    variants.map(([label], index) => ({
      label,
      samples: samples[index] ?? [],
      baseline: "compiled (evaluate())",
    }));
  console.log(
    ratioTable(rows(times), { unit: "ms", caseHeader: "runner (wall)", ratioHeader: "× compiled" }),
  );
  console.log(
    `\n${ratioTable(rows(cpu), { unit: "ms", caseHeader: "runner (CPU)", ratioHeader: "× compiled" })}`,
  );
  console.log(`\n${runs} runs each, alternating. ${machineNote(before)}`);
  if (typeof args.against === "string") await cacheCheck(args.against);
} finally {
  rmSync(TEMP, { recursive: true, force: true });
}

/**
 * `runnerScript()` on a warm cache, this revision's against `ref`'s, alternately: many calls in this
 * process, then the first call in a fresh process (loading runner-script.ts and what it requires,
 * then one check), as each `evaluate()` process pays it. Wall and CPU.
 */
async function cacheCheck(ref: string) {
  const theirs = await runnerScriptModuleIn(TEMP);
  if (!theirs) {
    console.log(`\n${ref} has no runner-script.ts: no cache check to compare.`);
    return;
  }
  const revisions = [
    {
      label: "this revision",
      module: current,
      file: join(ROOT, "packages", "sst-offline", "src", "runner-script.ts"),
      options: { source: current.RUNNER_SOURCE, cacheDir: join(TEMP, "current") },
    },
    {
      label: ref,
      module: theirs,
      file: join(TEMP, "packages", "sst-offline", "src", "runner-script.ts"),
      options: {
        source: join(TEMP, "packages", "sst-offline", "src", "runner", "runner.ts"),
        cacheDir: join(TEMP, "compiled"),
      },
    },
  ];
  // Builds the caches: what follows only checks them.
  for (const { module, options } of revisions) await module.runnerScript(options);
  const rows = (samples: number[][]): Sampled[] =>
    revisions.map(({ label }, index) => ({ label, samples: samples[index] ?? [] }));
  const print = (what: string, wall: number[][], cpu: number[][]) => {
    const options = { unit: "ms", digits: 2, ratioHeader: "× this revision" } as const;
    console.log(
      `\n${ratioTable(rows(wall), { ...options, caseHeader: `${what} (wall)` })}\n\n${ratioTable(rows(cpu), { ...options, caseHeader: `${what} (CPU)` })}`,
    );
  };

  let before = loadAverage();
  let wall: number[][] = revisions.map(() => []);
  let cpu: number[][] = revisions.map(() => []);
  const calls = runs * 5;
  for (let call = 0; call < calls; call++) {
    for (const [index, { module, options }] of revisions.entries()) {
      const cpuBefore = process.cpuUsage();
      const start = performance.now();
      await module.runnerScript(options);
      wall[index]?.push(performance.now() - start);
      const used = process.cpuUsage(cpuBefore);
      cpu[index]?.push((used.user + used.system) / 1000);
    }
  }
  print("cache check", wall, cpu);
  console.log(`\n${calls} calls each, alternating, in this process. ${machineNote(before)}`);

  before = loadAverage();
  wall = revisions.map(() => []);
  cpu = revisions.map(() => []);
  for (let run = 0; run < runs; run++) {
    for (const [index, { file, options }] of revisions.entries()) {
      // The child times itself from before the import: Node's and tsx's start-up are not counted.
      const script = `const cpu = process.cpuUsage(); const start = performance.now();
        const { runnerScript } = await import(${JSON.stringify(pathToFileURL(file).href)});
        await runnerScript(${JSON.stringify(options)});
        const used = process.cpuUsage(cpu);
        process.stdout.write(JSON.stringify([performance.now() - start, (used.user + used.system) / 1000]));`;
      const { stdout } = runCommand(
        process.execPath,
        ["--import", "tsx", "--input-type=module", "-e", script],
        { cwd: ROOT },
      );
      const [ms, cpuMs] = JSON.parse(stdout) as [number, number];
      wall[index]?.push(ms);
      cpu[index]?.push(cpuMs);
    }
  }
  print("first check, fresh process", wall, cpu);
  console.log(
    `\n${runs} processes each, alternating; each times its import of runner-script.ts (tsx, cached transpile) and one check. ${machineNote(before)}`,
  );
}
