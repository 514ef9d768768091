#!/usr/bin/env node
/**
 * How many times one change evaluates a service's infra when Nx runs the service's `npm test`
 * targets, and what that costs: `nx run-many -t <targets> -p <service>` as Nx runs it now (every
 * target that evaluates runs after the service's `evaluate` target and reads its kept
 * evaluations), against the same tasks with `--exclude-task-dependencies` (no `evaluate` first:
 * the targets run side by side and each evaluates, as before the target existed).
 *
 * A change is simulated by removing the service's kept evaluations (`.sst/offline`, git-ignored)
 * and skipping Nx's cache, so every target runs and nothing evaluated is left over. Evaluations
 * are counted by a preload (`NODE_OPTIONS=--require`) that appends a line to a log in every
 * process started from the compiled runner (`runner-<hash>.mjs`), the one process per evaluation
 * that `evaluate()` starts. The cases alternate run by run.
 *
 * Usage: node --import tsx bench/evaluation-count.mts [--runs 1] [--service @acme/orders]
 *   [--targets typecheck,test,build,platform-check,policy]
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  loadAverage,
  machineNote,
  parseArgs,
  ratioTable,
  runCommand,
  stopwatch,
} from "./lib/measure.mts";

const WORKSPACE = fileURLToPath(new URL("..", import.meta.url));
const NX = join(WORKSPACE, "node_modules", ".bin", "nx");
const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 1);
const service = typeof args.service === "string" ? args.service : "@acme/orders";
const targets =
  typeof args.targets === "string" ? args.targets : "typecheck,test,build,platform-check,policy";
if (!Number.isInteger(runs) || runs < 1) {
  console.error(
    "Usage: node --import tsx bench/evaluation-count.mts [--runs N] [--service <project>] [--targets a,b,...]",
  );
  process.exit(2);
}

interface Case {
  label: string;
  evaluateFirst: boolean;
  ms: number[];
  counts: number[];
  stages: string[];
}

const cases: Case[] = [
  {
    label: "each target evaluates (before: --exclude-task-dependencies)",
    evaluateFirst: false,
    ms: [],
    counts: [],
    stages: [],
  },
  {
    label: "evaluate first, targets read it (now)",
    evaluateFirst: true,
    ms: [],
    counts: [],
    stages: [],
  },
];

const temp = mkdtempSync(join(tmpdir(), "shipyard-bench-count-"));
const log = join(temp, "evaluations.log");
const preload = join(temp, "count-evaluations.cjs");
const loadBefore = loadAverage();
const elapsed = stopwatch();
try {
  writePreload();
  const root = serviceRoot();
  for (let run = 0; run < runs; run++) {
    for (const c of cases) {
      const { ms, stages } = runOnce(c.evaluateFirst, root);
      c.ms.push(ms);
      c.counts.push(stages.length);
      c.stages.push(stages.sort().join(" "));
      process.stderr.write(".");
    }
  }
  process.stderr.write("\n");
  console.log(`${service} (${root}): nx run-many -t ${targets}, after a change\n`);
  console.log(
    ratioTable(
      cases.map((c) => ({ label: c.label, samples: c.ms })),
      {
        unit: "s",
        digits: 1,
        ratioHeader: "× before",
        extra: {
          headers: ["evaluations", "stages evaluated"],
          cells: (row) => {
            const c = cases.find((each) => each.label === row.label);
            return [c?.counts.join(", ") ?? "", c?.stages[0] ?? ""];
          },
        },
      },
    ),
  );
  console.log(
    `\n${runs} run(s) each, alternating; ${(elapsed() / 1000).toFixed(0)} s in all. ${machineNote(loadBefore)}`,
  );
} finally {
  rmSync(temp, { recursive: true, force: true });
}

/** A preload that logs the stage of every evaluation process (the compiled runner) it is loaded in. */
function writePreload() {
  writeFileSync(
    preload,
    `if (/runner-[0-9a-f]+\\.mjs$/.test(process.argv[1] || "")) {
  require("node:fs").appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv[2] ? JSON.parse(process.argv[2]).stage : "?") + "\\n");
}
`,
  );
}

/** The service's folder, from Nx. */
function serviceRoot(): string {
  const shown = runCommand(NX, ["show", "project", service, "--json"], {
    cwd: WORKSPACE,
    env: { ...process.env, NX_DAEMON: "false" },
  });
  return String(JSON.parse(shown.stdout).root);
}

/** One run of the targets after a simulated change: its wall time and the stages it evaluated. */
function runOnce(evaluateFirst: boolean, root: string): { ms: number; stages: string[] } {
  rmSync(join(WORKSPACE, root, ".sst", "offline"), { recursive: true, force: true });
  writeFileSync(log, "");
  const nxArgs = ["run-many", "-t", targets, "-p", service, "--skip-nx-cache"];
  if (!evaluateFirst) nxArgs.push("--exclude-task-dependencies");
  const { ms } = runCommand(NX, nxArgs, {
    cwd: WORKSPACE,
    env: {
      ...process.env,
      NX_DAEMON: "false",
      NX_NO_CLOUD: "true",
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${preload}`.trim(),
    },
  });
  const stages = readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => String(JSON.parse(line)));
  return { ms, stages };
}
