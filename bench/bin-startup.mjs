#!/usr/bin/env node
// @ts-check
/**
 * What the platform's bins cost to start, now that they are thin launchers of TypeScript modules
 * loaded through tsx (tools/platform/bin/*.mjs), side by side with Node's own start-up and with
 * the plain-ESM sst-install they replaced (taken from git, `--before <commit>`).
 *
 * `sst-install` with nothing to do runs before every Nx target that needs SST's platform, so its
 * no-op time is the one that matters.
 *
 * Usage: node bench/bin-startup.mjs [--runs 15] [--before 01c478f]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, summary, table } from "./lib/measure.mjs";

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
const bin = (/** @type {string} */ name) => join(root, "tools", "platform", "bin", name);
/** @type {[string, string[], string][]} label, arguments to node, working folder */
const cases = [
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
/** @type {Record<string, number[]>} */
const times = Object.fromEntries(cases.map(([label]) => [label, []]));
try {
  // Interleaved, so that a change in the machine's load touches every case alike.
  for (let run = 0; run < runs; run++) {
    for (const [label, nodeArgs, cwd] of cases) {
      const started = performance.now();
      execFileSync(node, nodeArgs, { cwd, env, stdio: "ignore" });
      times[label]?.push(performance.now() - started);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const baseline = summary(times["node -e 0"] ?? []).median;
const rows = [["case", "median ms", "min", "max", "× node -e 0"]];
for (const [label] of cases) {
  const { median, min, max } = summary(times[label] ?? []);
  rows.push([
    label,
    median.toFixed(0),
    min.toFixed(0),
    max.toFixed(0),
    (median / baseline).toFixed(1),
  ]);
}
const load = loadavg().map((value) => value.toFixed(2));
console.log(`${runs} runs each, load average ${load.join(" ")}`);
console.log(table(rows));
