#!/usr/bin/env node
/**
 * What the platform's bins cost to start, side by side with Node's own start-up and with the
 * plain-ESM sst-install they replaced (taken from git, `--before <commit>`).
 *
 * `sst-install` with nothing to do runs before every Nx target that needs SST's platform, so its
 * no-op time is the one that matters.
 *
 * Every bin starts from a compiled copy (@acme/compiled); each runs here beside its tsx launcher
 * as it is in git at `--tsx-launchers <ref>` (default: 62a4811, before the change), written next to
 * the bin for the run, so both load the same sources. `sst-offline evaluate`, `shipyard-policy`
 * and `shipyard-check` do the work of their Nx targets on apps/orders (with its kept evaluations:
 * run `nx evaluate orders` first). @acme/local's and @acme/ci's bins (`nx serve`, the pipeline's
 * commands, `nx lint workspace`) ran through tsx until later: the same ref has their tsx launchers.
 * The last column is the CPU time (user + system) of the process.
 *
 * Usage: node --import tsx bench/bin-startup.mts [--runs 15] [--before 01c478f]
 *   [--tsx-launchers 62a4811]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  childrenCpuMs,
  loadAverage,
  machineNote,
  parseArgs,
  ratioTable,
  runCommand,
  summary,
  timeCommand,
} from "./lib/measure.mts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 15);
const before = String(args.before ?? "01c478f");
const tsxLaunchers = String(args["tsx-launchers"] ?? "62a4811");

const scratch = mkdtempSync(join(tmpdir(), "bin-startup-"));
const oldInstall = join(scratch, "sst-install.mjs");
writeFileSync(
  oldInstall,
  execFileSync("git", ["show", `${before}:tools/platform/bin/sst-install.mjs`], {
    cwd: root,
    encoding: "utf8",
  }),
);

/** A pull request comment listing one preview service, for `shipyard-ci preview-services`. */
const previewComment = join(scratch, "comment.md");
writeFileSync(
  previewComment,
  `Previews\n<!-- shipyard-preview services: ${JSON.stringify([{ project: "@acme/orders", root: "apps/orders" }])} -->\n`,
);

const node = process.execPath;
const orders = join(root, "apps", "orders");

/**
 * A bin as it is now (a compiled copy), and its tsx launcher from git written beside it, with the
 * tsx hook it imports (removed at the end).
 */
const compiledBins: {
  label: string;
  bin: string;
  args: string[];
  cwd: string;
  /** A start that exits 1 on purpose: what it must print (checked once before timing). */
  fails?: RegExp;
}[] = [
  {
    label: "sst-install, nothing to do",
    bin: "tools/platform/bin/sst-install.mjs",
    args: [],
    cwd: root,
  },
  {
    label: "shipyard-sst refusing a stage",
    bin: "tools/platform/bin/sst.mjs",
    args: ["version", "--stage", "ok"],
    cwd: orders,
  },
  {
    label: "sst-offline --help",
    bin: "packages/sst-offline/bin/sst-offline.mjs",
    args: ["--help"],
    cwd: orders,
  },
  {
    label: "sst-offline evaluate, kept evaluation current",
    bin: "packages/sst-offline/bin/sst-offline.mjs",
    args: ["evaluate"],
    cwd: orders,
  },
  {
    label: "shipyard-policy on orders",
    bin: "packages/policy/bin/shipyard-policy.mjs",
    args: [],
    cwd: orders,
  },
  {
    label: "shipyard-check on orders",
    bin: "tools/platform/bin/platform-check.mjs",
    args: [],
    cwd: orders,
  },
  {
    label: "shipyard-serve --help",
    bin: "packages/local/bin/shipyard-serve.mjs",
    args: ["--help"],
    cwd: orders,
  },
  {
    label: "shipyard-send, service not served",
    bin: "packages/local/bin/shipyard-send.mjs",
    args: ['{"id":"1"}'],
    cwd: orders,
    fails: /^shipyard-send: The service in .* is not being served/,
  },
  {
    label: "shipyard-ci preview-services",
    bin: "tools/ci/bin/shipyard-ci.mjs",
    args: ["preview-services", "--comment", previewComment],
    cwd: root,
  },
  {
    label: "shipyard-ci lint-workflows (actionlint)",
    bin: "tools/ci/bin/shipyard-ci.mjs",
    args: ["lint-workflows"],
    cwd: root,
  },
  {
    label: "shipyard-cache-server, no --storage",
    bin: "tools/ci/bin/shipyard-cache-server.mjs",
    args: [],
    cwd: root,
    fails: /^shipyard-cache-server: --storage is required/,
  },
];
const fromGit = (path: string) =>
  execFileSync("git", ["show", `${tsxLaunchers}:${path}`], { cwd: root, encoding: "utf8" });
const tsxHook = join(root, "tools", "platform", "bin", ".bench-tsx-load-typescript.mjs");
writeFileSync(tsxHook, fromGit("tools/platform/bin/load-typescript.mjs"));
const launchers = compiledBins.map(({ bin: path }) => {
  const launcher = join(root, dirname(path), `.bench-tsx-${path.split("/").pop()}`);
  writeFileSync(
    launcher,
    fromGit(path).replace('"./load-typescript.mjs"', '"./.bench-tsx-load-typescript.mjs"'),
  );
  return launcher;
});
/** Label, arguments to node, working folder, and what a start that fails on purpose prints. */
const cases: [string, string[], string, RegExp?][] = [
  ["node -e 0", ["-e", "0"], root],
  [`sst-install, nothing to do (plain ESM, ${before})`, [oldInstall], root],
  ...compiledBins.flatMap(
    (
      { label, bin: path, args: binArgs, cwd, fails },
      index,
    ): [string, string[], string, RegExp?][] => [
      [
        `${label} (tsx launcher, ${tsxLaunchers})`,
        [launchers[index] as string, ...binArgs],
        cwd,
        fails,
      ],
      [`${label} (compiled copy)`, [join(root, path), ...binArgs], cwd, fails],
    ],
  ),
];

const env = { ...process.env, SHIPYARD_SST_BIN: "/bin/true" };
const loadBefore = loadAverage();
const times: Record<string, number[]> = Object.fromEntries(cases.map(([label]) => [label, []]));
const cpu: Record<string, number[]> = Object.fromEntries(cases.map(([label]) => [label, []]));
try {
  // A start that fails on purpose must fail for its own reason, not because its launcher broke.
  for (const [label, nodeArgs, cwd, fails] of cases) {
    if (!fails) continue;
    const { stderr } = runCommand(node, nodeArgs, { cwd, env, allowFailure: true });
    if (!fails.test(stderr)) throw new Error(`${label}: expected ${fails}, got:\n${stderr}`);
  }
  // Interleaved, so that a change in the machine's load touches every case alike.
  for (let run = 0; run < runs; run++) {
    for (const [label, nodeArgs, cwd, fails] of cases) {
      const cpuBefore = childrenCpuMs();
      const options = { cwd, env, stdio: "ignore" as const, allowFailure: fails !== undefined };
      times[label]?.push(timeCommand(node, nodeArgs, options));
      cpu[label]?.push(childrenCpuMs() - cpuBefore);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
  for (const launcher of [tsxHook, ...launchers]) rmSync(launcher, { force: true });
}

console.log(
  ratioTable(
    cases.map(([label]) => ({ label, samples: times[label] ?? [] })),
    {
      unit: "ms",
      ratioHeader: "× node -e 0",
      extra: {
        headers: ["median CPU ms"],
        cells: (row) => [String(summary(cpu[row.label] ?? []).median)],
      },
    },
  ),
);
console.log(`\n${runs} runs each, interleaved. ${machineNote(loadBefore)}`);
