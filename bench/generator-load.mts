#!/usr/bin/env node
/**
 * What a generator costs once per `nx g` process before and while it runs: loading its code and
 * its first call. Three ways of loading `@acme/platform:service`, each in fresh Node processes
 * that first load what `nx g` has loaded already (Nx's tree, @nx/devkit, the workspace context):
 *
 * - `typescript`: the generator's TypeScript through Nx's own loader for a `.ts` factory
 *   (`loadTsFile`: it registers swc-node, then transpiles each module), as before the launchers;
 * - `compiled`: the esbuild copy @acme/compiled keeps (`loadCompiled`), hygen left in node_modules;
 * - `compiled, hygen inlined`: the same with hygen and its dependencies in the one file, as
 *   `generators/service.cjs` loads it now.
 *
 * Each process prints its wall and CPU milliseconds; the variants alternate, `--runs` each,
 * after one unmeasured round (which builds the compiled copies, in a temporary workspace data
 * directory). Times of the first call include Nx's `getProjects` and hygen's render (EJS compile,
 * the first `localeCompare`, which starts ICU's collator).
 *
 * Usage: node --import tsx bench/generator-load.mts [--runs 15]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAverage, machineNote, parseArgs, ratioTable, type Sampled } from "./lib/measure.mts";

const WORKSPACE = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 15);
const entry = "src/generators/service/generator.ts";

const variants = {
  typescript: `require("nx/src/plugins/js/utils/register").loadTsFile(${JSON.stringify(join(WORKSPACE, "tools/platform", entry))})`,
  compiled: `require("@acme/compiled").loadCompiled("tools/platform", ${JSON.stringify(entry)}, "bench-generator-external")`,
  "compiled, hygen inlined": `require("@acme/compiled").loadCompiled("tools/platform", ${JSON.stringify(entry)}, "bench-generator-inlined", { inline: ["hygen"] })`,
} as const;
type Variant = keyof typeof variants;

/** The child: load what nx g has, then time loading the generator and its first call. */
function script(variant: Variant, name: string): string {
  return `
    const { FsTree } = require("nx/src/generators/tree");
    require("@nx/devkit");
    require("nx/src/utils/workspace-context").globWithWorkspaceContextSync(process.cwd(), ["**/package.json"]);
    const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
    const [w0, c0] = [performance.now(), cpu()];
    const loaded = ${variants[variant]};
    const generator = loaded.default ?? loaded;
    const [w1, c1] = [performance.now(), cpu()];
    const tree = new FsTree(process.cwd(), false);
    generator(tree, { name: ${JSON.stringify(name)}, kind: "http", owner: "payments", skipInstall: true }).then(() => {
      if (tree.listChanges().length < 10) throw new Error("the generator wrote too little");
      const [w2, c2] = [performance.now(), cpu()];
      process.stdout.write(JSON.stringify({ loadWall: w1 - w0, loadCpu: c1 - c0, callWall: w2 - w1, callCpu: c2 - c1 }));
    });`;
}

interface Sample {
  loadWall: number;
  loadCpu: number;
  callWall: number;
  callCpu: number;
}

const dataDir = mkdtempSync(join(tmpdir(), "generator-load-"));
function run(variant: Variant, name: string): Sample {
  const child = spawnSync(process.execPath, ["-e", script(variant, name)], {
    cwd: WORKSPACE,
    encoding: "utf8",
    env: { ...process.env, NX_DAEMON: "false", NX_WORKSPACE_DATA_DIRECTORY: dataDir },
  });
  if (child.status !== 0) throw new Error(`${variant}: ${child.stderr}`);
  return JSON.parse(child.stdout) as Sample;
}

const before = loadAverage();
const samples = new Map<Variant, Sample[]>();
try {
  const names = Object.keys(variants) as Variant[];
  for (const variant of names) run(variant, "bench-warm-up");
  for (let round = 0; round < runs; round++) {
    for (const variant of names) {
      samples.set(variant, [...(samples.get(variant) ?? []), run(variant, `bench-${round}`)]);
    }
  }
  const rows = (metrics: (keyof Sample)[], title: string): Sampled[] =>
    names.map((variant) => ({
      label: `${title}: ${variant}`,
      samples: (samples.get(variant) ?? []).map((sample) =>
        metrics.reduce((sum, metric) => sum + sample[metric], 0),
      ),
      baseline: `${title}: typescript`,
    }));
  const options = { unit: "ms", ratioHeader: "× typescript" } as const;
  console.log(
    ratioTable([...rows(["loadWall"], "load, wall"), ...rows(["loadCpu"], "load, CPU")], options),
  );
  console.log("");
  console.log(
    ratioTable(
      [...rows(["callWall"], "first call, wall"), ...rows(["callCpu"], "first call, CPU")],
      options,
    ),
  );
  console.log("");
  console.log(
    ratioTable(
      [
        ...rows(["loadWall", "callWall"], "load + first call, wall"),
        ...rows(["loadCpu", "callCpu"], "load + first call, CPU"),
      ],
      options,
    ),
  );
  console.log(
    `\n${runs} processes each, alternating, after one unmeasured round. ${machineNote(before)}`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
