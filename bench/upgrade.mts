#!/usr/bin/env node
/**
 * What `nx g @acme/platform:upgrade --all` costs against what it replaces: regenerating each
 * service from scratch (`rm -rf apps/<name>` and `nx g @acme/platform:service <name> ...` with its
 * recorded answers, the old recipe, which also throws the teams' edits away).
 *
 * In a temporary git copy of the workspace (this one is not touched): N services (http, worker and
 * cron in turn, made by the service generator in one process: lib/services.mts), each with team
 * edits (a README line, a line of code, a new file); then a template change (a changed line in
 * README and app code, a new file) as version 9.9.9, archived. Each case runs on the same commit, the copy reset between runs.
 *
 * Usage: node --import tsx bench/upgrade.mts [--sizes 10,50] [--runs 1] [--keep]
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { copyWorkspace } from "@acme/workspace-copy";
import {
  loadAverage,
  machineNote,
  ratio,
  runCommand,
  summary,
  table,
  timed,
} from "./lib/measure.mts";
import { generateServices } from "./lib/services.mts";

const KINDS = ["http", "worker", "cron"] as const;

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "10,50" },
    runs: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
  },
});
const sizes = String(args.sizes).split(",").map(Number);
const runs = Number(args.runs);

const loadBefore = loadAverage();
const rows: string[][] = [
  ["services", "upgrade --all s", "regenerate each s", "ratio", "conflicts", "team edits kept"],
];
for (const size of sizes) rows.push(measure(size));
console.log(table(rows));
console.log(`\nMedians of ${runs} run(s). ${machineNote(loadBefore)}`);

function measure(size: number) {
  const root = createCopy();
  try {
    const names = createServices(root, size);
    changeTemplates(root);
    git(root, "add", "-A");
    git(root, "commit", "-qm", "bench setup");
    const upgrades: number[] = [];
    const regenerations: number[] = [];
    let conflicts = 0;
    let kept = 0;
    for (let run = 0; run < runs; run++) {
      const upgrade = nx(root, ["g", "@acme/platform:upgrade", "--all", "--no-interactive"]);
      upgrades.push(upgrade.ms);
      conflicts = (upgrade.stdout.match(/^\s+conflict\s/gm) ?? []).length;
      kept = names.filter((name) => teamEditsKept(root, name)).length;
      reset(root);

      const regenerate = timed(() => {
        for (const name of names) regenerateService(root, name);
      });
      regenerations.push(regenerate.ms);
      if (names.some((name) => teamEditsKept(root, name)))
        throw new Error("regenerating kept an edit?");
      reset(root);
    }
    const upgrade = summary(upgrades).median / 1000;
    const regenerate = summary(regenerations).median / 1000;
    return [
      String(size),
      upgrade.toFixed(2),
      regenerate.toFixed(2),
      `${ratio(regenerate, upgrade, 1)}x`,
      String(conflicts),
      `${kept}/${size} (regenerating: 0/${size})`,
    ];
  } finally {
    if (args.keep) console.error(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

/**
 * A git copy of the workspace's tracked and untracked files, committed, node_modules linked and
 * the SST platform not (as this benchmark has always made it).
 */
function createCopy() {
  return copyWorkspace({
    prefix: "shipyard-bench-upgrade-",
    sstPlatform: false,
    commit: { message: "copy", author: "bench" },
  });
}

/** `size` services made by the generator, each with its team's edits. */
function createServices(root: string, size: number) {
  const names = Array.from({ length: size }, (_, index) => `svc${letters(index)}`);
  generateServices(
    root,
    names.map((name, index) => ({
      name,
      kind: KINDS[index % KINDS.length] ?? "http",
      owner: "payments",
      skipInstall: true,
    })),
  );
  for (const name of names) teamEdits(root, name);
  return names;
}

function letters(index: number) {
  return String.fromCharCode(97 + Math.floor(index / 26), 97 + (index % 26));
}

/** The team's edits: the README's description, a comment in the code, a file of its own. */
function teamEdits(root: string, name: string) {
  const readme = join(root, "apps", name, "README.md");
  writeFileSync(
    readme,
    readFileSync(readme, "utf8").replace(/^The .*\.$/m, `Team ${name}'s own description.`),
  );
  writeFileSync(join(root, "apps", name, "src", "team.ts"), `export const team = "${name}";\n`);
}

function teamEditsKept(root: string, name: string) {
  const readme = join(root, "apps", name, "README.md");
  return (
    existsSync(readme) &&
    readFileSync(readme, "utf8").includes(`Team ${name}'s own description.`) &&
    existsSync(join(root, "apps", name, "src", "team.ts"))
  );
}

/** Template 9.9.9: README and app code changed, a file added; archived. */
function changeTemplates(root: string) {
  const templates = join(root, "generators/service/new");
  const edit: (file: string, from: string | RegExp, to: string) => void = (
    file,
    from,
    to,
  ): void => {
    const path = join(templates, file);
    writeFileSync(path, readFileSync(path, "utf8").replace(from, to));
  };
  edit(
    "README.md.ejs.t",
    /^(- `nx infra <%= name %>`.*)$/m,
    "$1\n- `nx build <%= name %>`: bundle the handlers",
  );
  edit("http-app.ts.ejs.t", "v.maxLength(200)", "v.maxLength(500)");
  writeFileSync(
    join(templates, "operations.md.ejs.t"),
    "---\nto: apps/<%= name %>/docs/operations.md\n---\n# Operating <%= name %>\n",
  );
  const configPath = join(root, "generators/service/template.json");
  const config = JSON.parse(readFileSync(configPath, "utf8"));
  writeFileSync(configPath, `${JSON.stringify({ ...config, version: "9.9.9" }, null, 2)}\n`);
  cpSync(templates, join(root, "generators/service/versions/9.9.9"), { recursive: true });
}

/** The old recipe: remove the service, generate it again from its recorded answers. */
function regenerateService(root: string, name: string) {
  const answers = JSON.parse(readFileSync(join(root, "apps", name, "package.json"), "utf8"))
    .shipyard.answers;
  rmSync(join(root, "apps", name), { recursive: true });
  const options = [
    "--kind",
    answers.kind,
    "--owner",
    answers.owner,
    "--description",
    answers.description,
  ];
  if (answers.schedule) options.push("--schedule", answers.schedule);
  nx(root, ["g", "@acme/platform:service", name, ...options, "--no-interactive", "--skipInstall"]);
}

function reset(root: string) {
  git(root, "reset", "-q", "--hard");
  git(root, "clean", "-fdq");
}

function nx(root: string, nxArgs: string[]) {
  return runCommand(join(root, "node_modules/.bin/nx"), nxArgs, {
    cwd: root,
    env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true", FORCE_COLOR: "0" },
  });
}

function git(root: string, ...gitArgs: string[]) {
  return execFileSync(
    "git",
    ["-c", "user.name=bench", "-c", "user.email=bench@example.com", ...gitArgs],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
}
