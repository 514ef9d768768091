#!/usr/bin/env node
/**
 * What it costs to start the evaluator's child process (the runner) before it evaluates anything:
 * Node loading the runner and every module it imports, then exiting on a missing argument. Compares
 * the ways of running a TypeScript runner, measured alternately in the same run:
 * - `compiled`: the runner as `evaluate()` starts it (bundled once by esbuild, cached; plain node);
 * - `tsx`: the TypeScript source through tsx's loader (`node --import tsx runner.ts`);
 * - `--against <ref>`: another revision's runner (main's was plain `.mjs` modules);
 * - `node -e 0`: Node's own start-up, the floor.
 *
 * Usage: node --import tsx bench/runner-startup.mts [--runs 21] [--against main]
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  currentRunner,
  loadAverage,
  machineNote,
  parseArgs,
  ratioTable,
  runnerAt,
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
  for (let run = 0; run < runs; run++) {
    variants.forEach(([, argv], index) => {
      // The runners start without their input and exit with an error: start-up is what counts.
      times[index]?.push(
        timeCommand(process.execPath, argv, { cwd: ROOT, stdio: "ignore", allowFailure: true }),
      );
    });
  }
  console.log(
    ratioTable(
      variants.map(([label], index) => ({
        label,
        samples: times[index] ?? [],
        baseline: "compiled (evaluate())",
      })),
      { unit: "ms", caseHeader: "runner", ratioHeader: "× compiled" },
    ),
  );
  console.log(`\n${runs} runs each, alternating. ${machineNote(before)}`);
} finally {
  rmSync(TEMP, { recursive: true, force: true });
}
