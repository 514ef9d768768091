#!/usr/bin/env node
// @ts-check
/**
 * What `nx g @acme/platform:upgrade --all` costs against what it replaces: regenerating each
 * service from scratch (`rm -rf apps/<name>` and `nx g @acme/platform:service <name> ...` with its
 * recorded answers, the old recipe, which also throws the teams' edits away).
 *
 * In a temporary git copy of the workspace (this one is not touched): N services (http, worker and
 * cron in turn; one of each generated with `nx g`, the others copied from them under new names, as
 * the generator would have written them), each with team edits (a README line, a line of code, a
 * new file); then a template change (a changed line in README and app code, a new file) as version
 * 9.9.9, archived. Each case runs on the same commit, the copy reset between runs.
 *
 * Usage: node bench/upgrade.mjs [--sizes 10,50] [--runs 1] [--keep]
 */
import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { summary, table } from "./lib/measure.mjs";

const WORKSPACE = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const KINDS = /** @type {const} */ ([
  { kind: "http", seed: "seedhttp", options: [] },
  { kind: "worker", seed: "seedworker", options: [] },
  { kind: "cron", seed: "seedcron", options: [] },
]);

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "10,50" },
    runs: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
  },
});
const sizes = String(args.sizes).split(",").map(Number);
const runs = Number(args.runs);

const loadBefore = loadavg();
/** @type {string[][]} */
const rows = [
  ["services", "upgrade --all s", "regenerate each s", "ratio", "conflicts", "team edits kept"],
];
for (const size of sizes) rows.push(measure(size));
console.log(
  `\nnode ${process.version}, ${cpus().length} cores; load average before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}; runs: ${runs}\n`,
);
console.log(table(rows));

/** @param {number} size */
function measure(size) {
  const root = createCopy();
  try {
    const names = createServices(root, size);
    changeTemplates(root);
    git(root, "add", "-A");
    git(root, "commit", "-qm", "bench setup");
    /** @type {number[]} */
    const upgrades = [];
    /** @type {number[]} */
    const regenerations = [];
    let conflicts = 0;
    let kept = 0;
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const upgrade = nx(root, ["g", "@acme/platform:upgrade", "--all", "--no-interactive"]);
      upgrades.push(performance.now() - started);
      if (upgrade.status !== 0)
        throw new Error(`upgrade failed:\n${upgrade.stdout}${upgrade.stderr}`);
      conflicts = (upgrade.stdout.match(/^\s+conflict\s/gm) ?? []).length;
      kept = names.filter((name) => teamEditsKept(root, name)).length;
      reset(root);

      const regenerate = performance.now();
      for (const name of names) regenerateService(root, name);
      regenerations.push(performance.now() - regenerate);
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
      `${(regenerate / upgrade).toFixed(1)}x`,
      String(conflicts),
      `${kept}/${size} (regenerating: 0/${size})`,
    ];
  } finally {
    if (args.keep) console.error(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

/** A git copy of the workspace's tracked and untracked files, node_modules linked. */
function createCopy() {
  const root = mkdtempSync(join(tmpdir(), "shipyard-bench-upgrade-"));
  const files = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    {
      cwd: WORKSPACE,
      encoding: "utf8",
    },
  )
    .split("\0")
    .filter((file) => file && existsSync(join(WORKSPACE, file)));
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(WORKSPACE, file), join(root, file));
  }
  symlinkSync(join(WORKSPACE, "node_modules"), join(root, "node_modules"));
  git(root, "init", "-q", "-b", "main");
  git(root, "add", "-A");
  git(root, "commit", "-qm", "copy");
  return root;
}

/**
 * One service of each kind with `nx g`, copied under new names to reach `size` (a service's files
 * name it only as itself, its PascalCase and its snake_case, which letters-only names keep equal).
 * @param {string} root
 * @param {number} size
 */
function createServices(root, size) {
  for (const { kind, seed, options } of KINDS) {
    const result = nx(root, [
      "g",
      "@acme/platform:service",
      seed,
      "--kind",
      kind,
      "--owner",
      "payments",
      ...options,
      "--no-interactive",
      "--skipInstall",
    ]);
    if (result.status !== 0) throw new Error(result.stdout + result.stderr);
  }
  const names = [];
  for (let index = 0; index < size; index++) {
    const { seed } = /** @type {(typeof KINDS)[number]} */ (KINDS[index % KINDS.length]);
    const name = `svc${letters(index)}`;
    copyService(root, seed, name);
    names.push(name);
  }
  const owners = readFileSync(join(root, "CODEOWNERS"), "utf8");
  writeFileSync(
    join(root, "CODEOWNERS"),
    owners.replace(/^\/apps\/seed\w+\/ .*\n/gm, "") +
      names.map((name) => `/apps/${name}/ @acme/payments\n`).join(""),
  );
  for (const { seed } of KINDS) rmSync(join(root, "apps", seed), { recursive: true });
  for (const name of names) teamEdits(root, name);
  return names;
}

/** @param {number} index */
function letters(index) {
  return String.fromCharCode(97 + Math.floor(index / 26), 97 + (index % 26));
}

/** @param {string} root @param {string} seed @param {string} name */
function copyService(root, seed, name) {
  const pascal = (/** @type {string} */ value) => value.charAt(0).toUpperCase() + value.slice(1);
  /** @type {(dir: string) => string[]} */
  const walk = (dir) =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
      entry.name === ".sst"
        ? []
        : entry.isDirectory()
          ? walk(join(dir, entry.name))
          : [join(dir, entry.name)],
    );
  for (const file of walk(join("apps", seed))) {
    const target = join(root, file.replace(`apps/${seed}`, `apps/${name}`));
    mkdirSync(dirname(target), { recursive: true });
    const text = readFileSync(join(root, file), "utf8");
    writeFileSync(target, text.replaceAll(seed, name).replaceAll(pascal(seed), pascal(name)));
  }
}

/** The team's edits: the README's description, a comment in the code, a file of its own. @param {string} root @param {string} name */
function teamEdits(root, name) {
  const readme = join(root, "apps", name, "README.md");
  writeFileSync(
    readme,
    readFileSync(readme, "utf8").replace(/^The .*\.$/m, `Team ${name}'s own description.`),
  );
  writeFileSync(join(root, "apps", name, "src", "team.ts"), `export const team = "${name}";\n`);
}

/** @param {string} root @param {string} name */
function teamEditsKept(root, name) {
  const readme = join(root, "apps", name, "README.md");
  return (
    existsSync(readme) &&
    readFileSync(readme, "utf8").includes(`Team ${name}'s own description.`) &&
    existsSync(join(root, "apps", name, "src", "team.ts"))
  );
}

/** Template 9.9.9: README and app code changed, a file added; archived. @param {string} root */
function changeTemplates(root) {
  const templates = join(root, "generators/service/new");
  /** @type {(file: string, from: string | RegExp, to: string) => void} */
  const edit = (file, from, to) => {
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

/** The old recipe: remove the service, generate it again from its recorded answers. @param {string} root @param {string} name */
function regenerateService(root, name) {
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
  const result = nx(root, [
    "g",
    "@acme/platform:service",
    name,
    ...options,
    "--no-interactive",
    "--skipInstall",
  ]);
  if (result.status !== 0) throw new Error(result.stdout + result.stderr);
}

/** @param {string} root */
function reset(root) {
  git(root, "reset", "-q", "--hard");
  git(root, "clean", "-fdq");
}

/** @param {string} root @param {string[]} nxArgs */
function nx(root, nxArgs) {
  return spawnSync(join(root, "node_modules/.bin/nx"), nxArgs, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true", FORCE_COLOR: "0" },
    maxBuffer: 1024 * 1024 * 64,
  });
}

/** @param {string} root @param {string[]} gitArgs */
function git(root, ...gitArgs) {
  return execFileSync(
    "git",
    ["-c", "user.name=bench", "-c", "user.email=bench@example.com", ...gitArgs],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
}
