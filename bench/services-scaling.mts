#!/usr/bin/env node
/**
 * The marginal cost of one more service in `npm test`: the services' `npm test` targets run with
 * Nx's cache skipped in a temporary copy of the workspace holding 3 services (the examples), then
 * holding N (the examples plus generated http services). Marginal cost = (time at N - time at 3)
 * / (N - 3), in wall time and in CPU time (user + system of every process Nx started, its detached
 * plugin workers included: lib/command-cpu.mts; the figure the load of a shared machine changes
 * least).
 *
 * Variants, run side by side at each size (their order alternates from one size, and one
 * repeat, to the next):
 * - `before`: Nx's batch mode off (`--batch=false`): every typecheck is its own `tsc -p`, as the
 *   target ran before the platform's typecheck executor (issue 12, part 3);
 * - `now`: as `npm test` runs it (the typecheck executor prefers batch mode: one `tsc -b`).
 * - with `--each-evaluates`, also `each target evaluates`: `--exclude-task-dependencies` (no
 *   `evaluate` first), as before the `evaluate` target (issue 12, part 2).
 *
 * Services are generated with the platform's own generator (`generateServices`, lib/services.mts:
 * `serviceGenerator()` on one Nx tree in one child process), then linked to the shared SST
 * platform (`sst-install.mjs`). Before each run the services' kept evaluations are
 * removed, so that every run starts from a change. Only the services' targets run (`-p
 * tag:type:service`): the packages' checks cost the same at any N.
 *
 * With `--against <ref>` the variants are two trees instead: `before (<ref>)`, a copy of that
 * commit with its own `npm ci` and `npm run setup`, and `now`, a copy of this tree; each grown
 * with its own `nx g @acme/platform:service` (same names and kinds), each running the targets of
 * its own `npm test` script over its own services. A run that fails is retried (the version issue
 * 12 measured had a task-order race on fresh clones, issue 8) and the failures are counted.
 *
 * Usage: node --import tsx bench/services-scaling.mts [--sizes 10,50] [--runs 1 | --runs 2,2,1]
 *   [--targets lint,...] [--each-evaluates | --against <ref>] [--retries 3] [--keep]
 *   (`--runs` is one number, or one per size including the 3 examples first.)
 *   (each size is a total number of services, more than the 3 examples, so at least 4;
 *   the machine has 2 cores: 50 services take many minutes per case.)
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  loadAverage,
  machineNote,
  parseArgs,
  ratio,
  cpuMethod,
  removeLeftCgroups,
  runCountingCpu,
  stopwatch,
  summary,
  table,
} from "./lib/measure.mts";
import {
  createCopy,
  EXAMPLES,
  growTo,
  growWithNxGenerate,
  npmTestTargets,
  serviceProjects,
} from "./lib/workspace-copy.mts";

const args = parseArgs(process.argv.slice(2));
const sizes = (typeof args.sizes === "string" ? args.sizes : "10").split(",").map(Number);
const allSizes = [EXAMPLES, ...sizes];
const runsBySize = String(args.runs ?? 1)
  .split(",")
  .map(Number);
const runsAt = (index: number) => runsBySize[runsBySize.length === 1 ? 0 : index] ?? 0;
const retries = Number(args.retries ?? 3);
const against = typeof args.against === "string" ? args.against : undefined;
const fixedTargets = typeof args.targets === "string" ? args.targets.split(",") : undefined;
if (sizes.some((n, index) => !Number.isInteger(n) || n <= (sizes[index - 1] ?? EXAMPLES))) {
  fail(
    `--sizes takes increasing whole numbers of services above the ${EXAMPLES} examples (services are only added), e.g. --sizes 10 or --sizes 10,50; the smallest is ${EXAMPLES + 1}.`,
  );
}
if (
  (runsBySize.length !== 1 && runsBySize.length !== allSizes.length) ||
  runsBySize.some((n) => !Number.isInteger(n) || n < 1)
) {
  fail(
    `--runs takes one whole number, or one per size counting the ${EXAMPLES} examples first (e.g. --sizes 10,50 --runs 2,2,1).`,
  );
}
if (against && args["each-evaluates"]) fail("--against and --each-evaluates do not go together.");

/** A variant: the tree it runs in, the targets it runs and the extra arguments of `nx run-many`. */
interface Variant {
  name: string;
  root: string;
  grow: (count: number) => void;
  targets: string[];
  extraArgs: string[];
}

const loadBefore = loadAverage();
const elapsed = stopwatch();
/** Seconds by variant, size: wall and CPU of each repeat, and the failed attempts. */
const samples: Record<
  string,
  Record<number, { wall: number[]; cpu: number[]; failed: number }>
> = {};
/** Every measured run in the order it ran, with the load average when it started. */
const log: string[][] = [
  ["services", "variant", "wall s", "CPU s", "load at start", "failed before"],
];
const variants = against ? twoTrees(against) : oneTree();
const names = variants.map((variant) => variant.name);
let turn = 0;
try {
  for (const [index, count] of allSizes.entries()) {
    for (const root of new Set(variants.map((variant) => variant.root))) {
      variants.find((variant) => variant.root === root)?.grow(count);
    }
    // The first `nx` run in a copy builds Nx's graph and caches; keep it out of the figures.
    if (count === EXAMPLES) for (const variant of variants) runOnce(variant, true);
    for (let run = 0; run < runsAt(index); run++) {
      const order = turn++ % 2 ? [...variants].reverse() : variants;
      for (const variant of order) measure(variant, count);
    }
  }
} finally {
  for (const root of new Set(variants.map((variant) => variant.root))) {
    if (args.keep) console.error(`Kept the copy: ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  removeLeftCgroups();
}
for (const variant of variants) {
  console.log(
    `${variant.name}: nx run-many -t ${variant.targets.join(",")} -p <its services> --skip-nx-cache ${variant.extraArgs.join(" ")}`.trimEnd(),
  );
}
console.log(`(each from a change: kept evaluations removed first)\n`);
console.log(table(marginalRows()));
console.log(`\nEvery run, in order:\n\n${table(log)}`);
console.log(
  `\n${runsBySize.join(",")} run(s) per variant and size, medians; ${(elapsed() / 1000).toFixed(0)} s in all. CPU: ${cpuMethod()}. ${machineNote(loadBefore)}`,
);

/** The variants in one copy of this tree: batch mode off (before) and on (now), and more. */
function oneTree(): Variant[] {
  const root = createCopy();
  const common = {
    root,
    grow: (count: number) => growTo(root, count),
    targets: fixedTargets ?? npmTestTargets(root),
  };
  return [
    { ...common, name: "before", extraArgs: ["--batch=false"] },
    { ...common, name: "now", extraArgs: [] },
    ...(args["each-evaluates"]
      ? [{ ...common, name: "each target evaluates", extraArgs: ["--exclude-task-dependencies"] }]
      : []),
  ];
}

/** A copy of `ref` with its own install (the baseline) and a copy of this tree, each its own way. */
function twoTrees(ref: string): Variant[] {
  const tree = (name: string, root: string): Variant => ({
    name,
    root,
    grow: (count) => growWithNxGenerate(root, count),
    targets: fixedTargets ?? npmTestTargets(root),
    extraArgs: [],
  });
  return [
    tree(`before (${ref})`, createCopy("shipyard-bench-scaling-ref-", ref, { install: true })),
    tree("now", createCopy()),
  ];
}

/** Runs a variant at a size until it succeeds (at most `retries` failures) and records it. */
function measure(variant: Variant, count: number) {
  const load = loadAverage();
  let failed = 0;
  let sample = runOnce(variant, false);
  while (!sample.ok && failed < retries) {
    failed++;
    console.error(
      `${count} services, ${variant.name}: failed (attempt ${failed}), again:\n${sample.output}`,
    );
    sample = runOnce(variant, false);
  }
  if (!sample.ok)
    throw new Error(`${variant.name} at ${count} services failed ${failed + 1} times.`);
  const byCount = samples[variant.name] ?? {};
  samples[variant.name] = byCount;
  const cell = byCount[count] ?? { wall: [], cpu: [], failed: 0 };
  byCount[count] = cell;
  cell.wall.push(sample.wall);
  cell.cpu.push(sample.cpu);
  cell.failed += failed;
  log.push([
    String(count),
    variant.name,
    sample.wall.toFixed(1),
    sample.cpu.toFixed(1),
    load.toFixed(2),
    String(failed),
  ]);
  console.error(
    `${count} services, ${variant.name}: wall ${sample.wall.toFixed(1)} s, CPU ${sample.cpu.toFixed(1)} s (load ${load.toFixed(2)} at start, ${failed} failed before)`,
  );
}

/** One `nx run-many` of the services' targets from a change: wall and CPU seconds, and whether it passed. */
function runOnce(
  variant: Variant,
  warmUp: boolean,
): { wall: number; cpu: number; ok: boolean; output: string } {
  const { root } = variant;
  for (const service of readdirSync(join(root, "apps"))) {
    rmSync(join(root, "apps", service, ".sst", "offline"), { recursive: true, force: true });
  }
  const nxArgs = [
    "run-many",
    "-t",
    variant.targets.join(","),
    "-p",
    serviceProjects(root).join(","),
    "--skip-nx-cache",
    ...variant.extraArgs,
  ];
  // Every process the command starts, Nx's detached plugin workers included.
  const { ms, status, stdout, stderr, cpuMs } = runCountingCpu(
    join(root, "node_modules", ".bin", "nx"),
    nxArgs,
    {
      cwd: root,
      env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true" },
      allowFailure: true,
    },
  );
  if (warmUp && status !== 0)
    console.error(`${variant.name}: the warm-up run failed (not counted).`);
  const ok = status === 0;
  return {
    wall: ms / 1000,
    cpu: cpuMs / 1000,
    ok,
    output: ok ? "" : `${stdout}${stderr}`.slice(-4000),
  };
}

/** Per size: each variant's wall and CPU; per size above 3, the marginal costs and their ratio. */
function marginalRows(): string[][] {
  const header = ["services", "variant", "wall s", "CPU s", "marginal wall s/service"];
  const rows = [[...header, "× before", "marginal CPU s/service", "× before", "failed runs"]];
  const median = (name: string, count: number, key: "wall" | "cpu") =>
    summary(samples[name]?.[count]?.[key] ?? [0]).median;
  const marginal = (name: string, count: number, key: "wall" | "cpu") =>
    (median(name, count, key) - median(name, EXAMPLES, key)) / (count - EXAMPLES);
  for (const count of allSizes) {
    for (const name of names) {
      const row = [
        String(count),
        name,
        median(name, count, "wall").toFixed(1),
        median(name, count, "cpu").toFixed(1),
      ];
      const failed = String(samples[name]?.[count]?.failed ?? 0);
      if (count === EXAMPLES) row.push("", "", "", "");
      else {
        const base = names[0] as string;
        row.push(
          marginal(name, count, "wall").toFixed(2),
          ratio(marginal(name, count, "wall"), marginal(base, count, "wall")),
          marginal(name, count, "cpu").toFixed(2),
          ratio(marginal(name, count, "cpu"), marginal(base, count, "cpu")),
        );
      }
      rows.push([...row, failed]);
    }
  }
  return rows;
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
