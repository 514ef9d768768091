/** The `sst-offline` command line: `evaluate`, `plan`, `types` and `build`. */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { layout, MAX_STAGE_LENGTH, stageProblem } from "@acme/contract";
import { buildFunctions } from "./build.js";
import { evaluateAndKeep, type KeptEvaluation } from "./evaluate.js";
import { unsetSecret } from "./secrets.js";
import { renderLinkTypes } from "./link-types.js";
import { relocateLocations } from "./locations.js";
import { renderPlan } from "./plan.js";
import type { Evaluation } from "./types.js";

const HELP = `Usage: sst-offline <command> [options]

Evaluates a service's sst.config.ts run() offline (Pulumi mocks, SST's own components) and
shows what it would create. Run it in the service folder, or pass --app.

Commands:
  evaluate evaluate once and keep the result (.sst/offline/<stage>.json) for the commands below
           and the infra tests, which read it while nothing it was made from has changed
  plan     print every resource as a tree (or --json)
  types    write sst-env.d.ts, the Resource types of what the functions link
  build    bundle every Lambda handler as SST does (esbuild) into dist/<FunctionName>/

Options:
  --app <dir>     the service folder (default: the current folder)
  --stage <name>  the stage (default: dev): a letter, then letters, digits and hyphens,
                  at most ${MAX_STAGE_LENGTH} characters (the platform's limit)
  --dev           evaluate as under \`sst dev\` ($dev = true)
  --fresh         evaluate even when the kept evaluation is current (then keep the new one)
  --help          show help (also: sst-offline <command> --help)`;

const EVALUATE_HELP = `Usage: sst-offline evaluate [--app <dir>] [--stage <name>] [--dev] [--fresh]
                             [--skip-unset-secrets]

Evaluates the service and keeps the result in <app>/.sst/offline/<stage>.json (<stage>.dev.json
with --dev), keyed by a hash of every file the evaluation read, the platform and the stage. plan,
types, build and evaluate() from @acme/sst-offline read it instead of evaluating again while the
key matches (the key also covers the environment variables the evaluation read). When the kept
evaluation is already current, this reads it and says so.

Options:
  --skip-unset-secrets  when the stage cannot evaluate because an sst.Secret has no value for it
                        (SST's "sst secret set" error; templates give production secrets none),
                        keep nothing, say so, and exit 0: the Nx evaluate target prepares every
                        checked stage, and a check that reads such a stage evaluates it itself.
Exit codes: 0 done, 1 the evaluation failed (or could not be kept), 2 wrong usage.`;

const PLAN_HELP = `Usage: sst-offline plan [--app <dir>] [--stage <name>] [--dev] [--json]

Prints every resource the service's sst.config.ts creates, as a tree of components and their
children, with the key inputs of functions, queues, routes and databases.

Options:
  --json   print the whole evaluation as JSON instead
Exit codes: 0 done, 1 the evaluation failed, 2 wrong usage.`;

const TYPES_HEADER = `Usage: sst-offline types [--app <dir>] [--stage <name>] [--dev] [--check]

Writes <app>/sst-env.d.ts: SST's Resource types for the resources the service's functions link,
in the format \`sst deploy\` writes.

Options:
  --check  write nothing; exit 1 if the file is missing or differs
Exit codes: 0 done (or up to date), 1 the evaluation failed or the file is out of date, 2 wrong usage.`;

const BUILD_HELP = `Usage: sst-offline build [--app <dir>] [--stage <name>] [--dev] [--out <dir>]

Evaluates the service (to know its functions), then bundles every Lambda handler the way SST's
Node runtime does before a deploy, offline: esbuild, ESM, platform node, target from the
function's runtime (nodejs22.x → node22), minified (unless nodejs.minify is false), the ESM
\`require\` banner, SST's externals (sharp, pg-native, nodejs.install, nodejs.esbuild.external;
everything else is bundled, workspace packages included). Writes
<out>/<FunctionName>/<handler dir>/<file>.mjs and its source map (.mjs.map, referenced only with
nodejs.sourcemap or --dev), and prints each function's handler and bundle size.

Options:
  --out <dir>  where to write (default: <app>/dist, emptied first)
  --dev        build as \`sst dev\` does: not minified, source maps linked
Exit codes: 0 done, 1 the evaluation failed or a handler does not bundle, 2 wrong usage.`;

export interface CliIo {
  /** The arguments after the program name (the command first). */
  argv: string[];
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

interface ParsedArgs {
  command?: string | undefined;
  app?: string | undefined;
  stage?: string | undefined;
  out?: string | undefined;
  dev: boolean;
  json: boolean;
  check: boolean;
  fresh: boolean;
  skipUnsetSecrets: boolean;
  help: boolean;
  errors: string[];
}

function parse(argv: string[]): ParsedArgs {
  const parsed: ParsedArgs = {
    dev: false,
    json: false,
    check: false,
    fresh: false,
    skipUnsetSecrets: false,
    help: false,
    errors: [],
  };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? arg.split(/=(.*)/s) : [arg];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[index + 1];
      if (next === undefined || next.startsWith("--")) {
        parsed.errors.push(`${flag} needs a value.`);
        return undefined;
      }
      index++;
      return next;
    };
    switch (flag) {
      case "--app":
        parsed.app = value();
        break;
      case "--stage":
        parsed.stage = value();
        break;
      case "--out":
        parsed.out = value();
        break;
      case "--dev":
        parsed.dev = true;
        break;
      case "--json":
        parsed.json = true;
        break;
      case "--check":
        parsed.check = true;
        break;
      case "--fresh":
        parsed.fresh = true;
        break;
      case "--skip-unset-secrets":
        parsed.skipUnsetSecrets = true;
        break;
      case "--help":
      case "-h":
        parsed.help = true;
        break;
      default:
        if (!arg.startsWith("-") && parsed.command === undefined) parsed.command = arg;
        else parsed.errors.push(`Unknown argument ${arg}.`);
    }
  }
  return parsed;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** Runs the CLI; resolves to the exit code. */
export async function main({ argv, cwd, stdout, stderr }: CliIo): Promise<number> {
  const args = parse(argv);
  const helps: Record<string, string> = {
    evaluate: EVALUATE_HELP,
    plan: PLAN_HELP,
    types: TYPES_HEADER,
    build: BUILD_HELP,
  };
  const help = helps[args.command ?? ""] ?? HELP;
  if (args.help) {
    stdout(`${help}\n`);
    return 0;
  }
  if (args.command === undefined) {
    stderr(`${HELP}\n`);
    return 2;
  }
  if (!(args.command in helps)) {
    stderr(`Unknown command "${args.command}".\n\n${HELP}\n`);
    return 2;
  }
  if (args.command !== "types" && args.check) args.errors.push("--check is an option of `types`.");
  if (args.command !== "plan" && args.json) args.errors.push("--json is an option of `plan`.");
  if (args.command !== "evaluate" && args.skipUnsetSecrets) {
    args.errors.push("--skip-unset-secrets is an option of `evaluate`.");
  }
  if (args.command !== "build" && args.out !== undefined) {
    args.errors.push("--out is an option of `build`.");
  }
  if (args.errors.length > 0) {
    stderr(`${args.errors.join("\n")}\n\n${help}\n`);
    return 2;
  }
  // Before anything is evaluated: SST would refuse the stage only after loading everything.
  const problem = args.stage === undefined ? undefined : stageProblem(args.stage);
  if (problem) {
    stderr(`✗ ${problem}\n`);
    return 2;
  }
  const appDir = resolve(cwd, args.app ?? ".");
  if (!existsSync(join(appDir, "sst.config.ts"))) {
    stderr(`No sst.config.ts in ${appDir}: run sst-offline in a service folder, or pass --app.\n`);
    return 2;
  }

  const started = performance.now();
  let evaluation: Evaluation;
  let kept: KeptEvaluation;
  try {
    kept = await evaluateAndKeep(
      { appDir, stage: args.stage, dev: args.dev },
      { read: !args.fresh, write: true },
    );
    evaluation = kept.evaluation;
  } catch (error) {
    const secret = unsetSecret(error);
    if (args.command === "evaluate" && args.skipUnsetSecrets && secret !== undefined) {
      stdout(
        `- Not kept: stage ${args.stage ?? "dev"} evaluates only once secret ${secret} has a value (\`sst secret set ${secret} --stage ${args.stage ?? "dev"}\` before a deploy). The checks that read this stage evaluate it themselves.\n`,
      );
      return 0;
    }
    // Named from where the user is: the service's folder, or its name when they are in it.
    const message = relocateLocations(
      error instanceof Error ? error.message : String(error),
      appDir,
      (file) => relative(cwd, file) || file,
    );
    stderr(`✗ Evaluating ${relative(cwd, appDir) || basename(appDir)} failed:\n${message}\n`);
    return 1;
  }

  if (args.command === "evaluate") {
    const shown = kept.artifact ? relative(cwd, kept.artifact) || kept.artifact : undefined;
    if (!shown) {
      stderr(`✗ Evaluated, but the result could not be kept in ${layout.evaluationsDir}/.\n`);
      return 1;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    stdout(
      `✓ ${kept.reused ? "Current, reused" : "Evaluated, kept"}: ${shown} (${count(evaluation.resources.length, "resource")}, ${count(Object.keys(evaluation.functions).length, "function")}; ${seconds} s).\n`,
    );
    return 0;
  }
  if (args.command === "plan") {
    stdout(args.json ? `${JSON.stringify(evaluation, null, 2)}\n` : renderPlan(evaluation));
    return 0;
  }
  if (args.command === "build") {
    return build({
      appDir,
      evaluation,
      out: args.out,
      dev: args.dev,
      cwd,
      started,
      stdout,
      stderr,
    });
  }

  const file = join(appDir, "sst-env.d.ts");
  const text = renderLinkTypes(evaluation);
  const shown = relative(cwd, file) || file;
  if (args.check) {
    const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    if (current === text) {
      stdout(`✓ ${shown} is up to date.\n`);
      return 0;
    }
    const rerun = [
      "npx sst-offline types",
      args.app ? `--app ${args.app}` : "",
      args.stage ? `--stage ${args.stage}` : "",
    ]
      .filter(Boolean)
      .join(" ");
    stderr(
      `✗ ${shown} is ${current === undefined ? "missing" : "out of date"}: run \`${rerun}\`.\n`,
    );
    return 1;
  }
  writeFileSync(file, text);
  stdout(
    `✓ Wrote ${shown} (${Object.keys(evaluation.functionLinks).length} functions, linking ${text.match(/^ {4}"/gm)?.length ?? 0} resources).\n`,
  );
  return 0;
}

interface BuildCommandInput extends Omit<CliIo, "argv"> {
  appDir: string;
  evaluation: Evaluation;
  out: string | undefined;
  dev: boolean;
  /** When the command started (performance.now()). */
  started: number;
}

/** `sst-offline build`: bundles the evaluated functions and prints a table. */
async function build({
  appDir,
  evaluation,
  out,
  dev,
  cwd,
  started,
  stdout,
  stderr,
}: BuildCommandInput): Promise<number> {
  const outDir = out === undefined ? join(appDir, "dist") : resolve(cwd, out);
  // The default dist/ belongs to this command (Nx caches it): no stale function folders.
  if (out === undefined) rmSync(outDir, { recursive: true, force: true });
  const evaluated = performance.now();
  let built: Awaited<ReturnType<typeof buildFunctions>>;
  try {
    built = await buildFunctions({ appDir, evaluation, outDir, dev });
  } catch (error) {
    stderr(`✗ ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const done = performance.now();
  const fromCwd = relative(cwd, outDir);
  const shownOut = fromCwd === "" ? "." : fromCwd.startsWith("..") ? outDir : fromCwd;
  if (built.length === 0) {
    stdout(`No functions to bundle in ${relative(cwd, appDir) || "."}.\n`);
    return 0;
  }
  const rows = [
    ["Function", "Handler", "Bundle"],
    ...built.map((fn) => [fn.name, fn.handler, `${(fn.bytes / 1024).toFixed(1)} KB`]),
  ];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => String(row[column]).length)));
  const sizeWidth = Math.max(...rows.map((row) => String(row[2]).length));
  const lines = rows.map((row, index) =>
    [
      String(row[0]).padEnd(widths[0] ?? 0),
      String(row[1]).padEnd(widths[1] ?? 0),
      index === 0 ? String(row[2]).padEnd(sizeWidth) : String(row[2]).padStart(sizeWidth),
    ]
      .join("  ")
      .trimEnd(),
  );
  const notes = built
    .filter((fn) => Object.keys(fn.install).length > 0)
    .map(
      (fn) =>
        `  ${fn.name}: left out of the bundle, installed by SST at deploy: ${Object.entries(
          fn.install,
        )
          .map(([pkg, version]) => `${pkg}@${version}`)
          .join(
            ", ",
          )} (listed in ${relative(cwd, join(fn.dir, "package.json"))}, not installed offline)`,
    );
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  stdout(
    `${lines.join("\n")}\n${notes.length > 0 ? `${notes.join("\n")}\n` : ""}✓ Bundled ${built.length} function${built.length === 1 ? "" : "s"} into ${shownOut}/ in ${seconds(done - started)} (evaluation ${seconds(evaluated - started)}, esbuild ${seconds(done - evaluated)}).\n`,
  );
  return 0;
}
