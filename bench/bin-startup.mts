#!/usr/bin/env node
/**
 * What the platform's bins cost to start, now that they are thin launchers of TypeScript modules
 * loaded through tsx (tools/platform/bin/*.mjs), side by side with Node's own start-up and with
 * the plain-ESM sst-install they replaced (taken from git, `--before <commit>`).
 *
 * `sst-install` with nothing to do runs before every Nx target that needs SST's platform, so its
 * no-op time is the one that matters.
 *
 * Usage: node --import tsx bench/bin-startup.mts [--runs 15] [--before 01c478f]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadAverage, machineNote, parseArgs, ratioTable, timeCommand } from "./lib/measure.mts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = parseArgs(process.argv.slice(2));
const runs = Number(args.runs ?? 15);
const before = String(args.before ?? "01c478f");

const scratch = mkdtempSync(join(tmpdir(), "bin-startup-"));
const oldInstall = join(scratch, "sst-install.mjs");
writeFileSync(
  oldInstall,
  execFileSync("git", ["show", `${before}:tools/platform/bin/sst-install.mjs`], {
    cwd: root,
    encoding: "utf8",
  }),
);

const node = process.execPath;
const bin = (name: string) => join(root, "tools", "platform", "bin", name);
/** Label, arguments to node, working folder. */
const cases: [string, string[], string][] = [
  ["node -e 0", ["-e", "0"], root],
  [`sst-install, nothing to do (plain ESM, ${before})`, [oldInstall], root],
  ["sst-install, nothing to do (tsx launcher)", [bin("sst-install.mjs")], root],
  ["sst-install --help (tsx launcher)", [bin("sst-install.mjs"), "--help"], root],
  [
    "shipyard-sst refusing a stage (tsx launcher)",
    [bin("sst.mjs"), "version", "--stage", "ok"],
    join(root, "apps", "orders"),
  ],
];

const env = { ...process.env, SHIPYARD_SST_BIN: "/bin/true" };
const loadBefore = loadAverage();
const times: Record<string, number[]> = Object.fromEntries(cases.map(([label]) => [label, []]));
try {
  // Interleaved, so that a change in the machine's load touches every case alike.
  for (let run = 0; run < runs; run++) {
    for (const [label, nodeArgs, cwd] of cases) {
      times[label]?.push(timeCommand(node, nodeArgs, { cwd, env, stdio: "ignore" }));
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

console.log(
  ratioTable(
    cases.map(([label]) => ({ label, samples: times[label] ?? [] })),
    { unit: "ms", ratioHeader: "× node -e 0" },
  ),
);
console.log(`\n${runs} runs each, interleaved. ${machineNote(loadBefore)}`);
