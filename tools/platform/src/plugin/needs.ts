import { isDeepStrictEqual } from "node:util";
import type { TargetConfiguration } from "@nx/devkit";

type InputDefinition = NonNullable<TargetConfiguration["inputs"]>[number];
/** nx.json's `namedInputs`: inputs defined once for every project, used by name. */
export type NamedInputs = Readonly<Record<string, readonly (string | InputDefinition)[]>>;

import type { NormalizedPlatformPluginOptions } from "./options";
import type { Workspace } from "./workspace";

/**
 * What a target needs in order to run, declared by the target where it is defined
 * (`targets/<target>.ts`). Everything that follows from a need is derived here, never kept as a
 * separate list:
 *
 * - `sstPlatform`: the target reads the workspace's SST platform (`.sst/platform`: SST's component
 *   code or its types), so it runs after the platform project's `sst-install` (`dependsOn`) and
 *   re-runs when the SST version changes.
 * - `packages`: workspace packages whose code runs the target (the program it starts, and what that
 *   program imports). Their production files and those of their dependencies are inputs of the
 *   target, and the project depends on them in Nx's graph, so `nx affected` reaches it when they
 *   change.
 * - `externalDependencies`: npm packages whose version changes the result.
 * - `files`: workspace files (globs from the workspace root) whose content changes the result, for
 *   code that runs the target without being a package the project may depend on (the typecheck
 *   executor: every package is typechecked, @acme/platform's own dependencies too).
 * - `executors`: executors of this plugin (their names in executors.json) that run the target.
 *   Their code must be among the need's inputs: `files` hold executors.json, their entries, schemas
 *   (whose defaults are options) and every workspace file they load; `packages` the workspace
 *   packages they import. needs.test.ts computes that code and checks it.
 * - `keptEvaluation`: the target evaluates the service's infra (`evaluate()` from the evaluator),
 *   which reads the kept evaluation while it is current; so it runs after the project's own
 *   `evaluate` target, which makes that evaluation once per change (targets/evaluate.ts).
 */
export interface Need {
  readonly id: string;
  readonly sstPlatform?: boolean;
  readonly packages?: readonly string[];
  readonly externalDependencies?: readonly string[];
  readonly files?: readonly string[];
  readonly executors?: readonly string[];
  readonly keptEvaluation?: boolean;
}

/** The package that evaluates a service's sst.config.ts offline. */
export const evaluatorPackage = "@acme/sst-offline";
/** The package of this plugin: the platform's commands (`shipyard-sst`, `shipyard-check`). */
export const platformPackage = "@acme/platform";
/** The package behind `nx serve`. */
export const localRunnerPackage = "@acme/local";

/**
 * The files of this plugin's executor `name` that are always inputs: executors.json, its entries
 * (`executors/<name>*.cjs`, which load its source through @acme/compiled), its schema and the
 * sources in its own folder. The sources it imports from elsewhere are listed by the need.
 */
function executorFiles(name: string): string[] {
  return [
    "tools/platform/executors.json",
    `tools/platform/executors/${name}*.cjs`,
    "packages/compiled/compiled.cjs",
    `tools/platform/src/executors/${name}/*.ts`,
    `!tools/platform/src/executors/${name}/*.test.ts`,
    `tools/platform/src/executors/${name}/schema.json`,
  ];
}

/**
 * The files of this plugin's batched executor `name`: its own (`executorFiles`), the sources it
 * imports from other folders, then the batch width every batch shares.
 */
function batchedExecutorFiles(name: string, imported: readonly string[] = []): string[] {
  return [...executorFiles(name), ...imported, "tools/platform/src/executors/batch-width.ts"];
}

/** What the typecheck and test executors start tsc and Vitest with (`runCollecting`). */
const programRunnerFiles = [
  "tools/platform/src/executors/run/program.ts",
  "tools/platform/src/executors/run/collect.ts",
];

/** The catalogue of needs. A new kind of need is one entry here. */
export const needs = {
  /** Reads SST's platform types or components (`.sst/platform/config.d.ts`, `src/components`). */
  sstPlatform: { id: "sst-platform", sstPlatform: true, externalDependencies: ["sst"] },
  /** Evaluates a service's infra offline with `@acme/sst-offline` (SST's components, Pulumi). */
  evaluator: {
    id: "evaluator",
    sstPlatform: true,
    packages: [evaluatorPackage],
    externalDependencies: ["sst", "esbuild"],
    keptEvaluation: true,
  },
  /** Runs one of the platform's own commands (`shipyard-check`, `shipyard-sst`). */
  platformCommands: { id: "platform-commands", packages: [platformPackage] },
  /** Runs the SST CLI on the service (`sst dev|deploy|remove`), which loads the platform. */
  sstCli: { id: "sst-cli", sstPlatform: true, externalDependencies: ["sst"] },
  /** Runs the service locally with `@acme/local`, which evaluates its infra. */
  localRunner: { id: "local-runner", sstPlatform: true, packages: [localRunnerPackage] },
  biome: { id: "biome", externalDependencies: ["@biomejs/biome"] },
  /** The native TypeScript compiler, run by this plugin's typecheck executor. */
  typescript: {
    id: "typescript",
    executors: ["typecheck"],
    externalDependencies: ["typescript-native"],
    files: batchedExecutorFiles("typecheck", programRunnerFiles),
  },
  /**
   * This plugin's run executors, which start a package's program (`runProgram`, targets/run.ts);
   * they check a `--stage` with @acme/contract's rule.
   */
  runExecutor: {
    id: "run-executor",
    executors: ["run", "run-batched"],
    packages: ["@acme/contract"],
    files: batchedExecutorFiles("run"),
  },
  vitest: { id: "vitest", externalDependencies: ["vitest"] },
  /** This plugin's evaluate executor, which runs `@acme/sst-offline`'s batch evaluation. */
  evaluateExecutor: {
    id: "evaluate-executor",
    executors: ["evaluate"],
    packages: [evaluatorPackage],
    files: batchedExecutorFiles("evaluate"),
  },
  /** Vitest run by this plugin's test executor, which runs many projects in one Vitest process. */
  vitestExecutor: {
    id: "vitest-executor",
    executors: ["test"],
    externalDependencies: ["vitest"],
    files: batchedExecutorFiles("test", programRunnerFiles),
  },
} as const satisfies Record<string, Need>;

/** A target as its builder declares it: its configuration and what it needs. */
export interface DeclaredTarget {
  readonly name: string;
  readonly needs: readonly Need[];
  readonly config: TargetConfiguration;
}

/** Whether any of `declared` makes its target wait for the SST platform. */
export function needsSstPlatform(declared: readonly Need[]): boolean {
  return declared.some((need) => need.sstPlatform);
}

/**
 * The target's final configuration: its own, plus the `dependsOn`, inputs and graph edges its
 * needs imply. `siblings` are the names of the project's targets; `namedInputs` are nx.json's
 * (a need's own inputs are written by name when nx.json defines them, see `sharedInputs`).
 * Returns the workspace packages the project must depend on.
 */
export function applyNeeds(
  target: DeclaredTarget,
  project: { name: string | undefined },
  siblings: ReadonlySet<string>,
  workspace: Workspace,
  options: NormalizedPlatformPluginOptions,
  namedInputs: NamedInputs = {},
): { config: TargetConfiguration; dependencies: string[] } {
  const config: TargetConfiguration = { ...target.config };
  const evaluateTarget = options.evaluateTargetName;
  const readsKeptEvaluation =
    target.needs.some((need) => need.keptEvaluation) &&
    siblings.has(evaluateTarget) &&
    target.name !== evaluateTarget;
  if (readsKeptEvaluation) config.dependsOn = [...(config.dependsOn ?? []), evaluateTarget];
  const runsAfterInstall =
    needsSstPlatform(target.needs) &&
    workspace.platformProject !== undefined &&
    target.name !== options.sstInstallTargetName;
  if (runsAfterInstall) {
    // Nx's `project:target` form: the same dependency as `{ projects: [p], target }`, in a third of
    // the bytes of every service's graph (bench/README.md, "Graph size").
    config.dependsOn = [
      ...(config.dependsOn ?? []),
      `${workspace.platformProject}:${options.sstInstallTargetName}`,
    ];
  }
  const dependencies = unique(target.needs.flatMap((need) => need.packages ?? [])).filter(
    (name) => name !== project.name && workspace.has(name),
  );
  if (config.cache) {
    config.inputs = [
      ...(config.inputs ?? []),
      ...derivedInputs(target.needs, dependencies, config.inputs ?? [], namedInputs),
    ];
  }
  // One string, not a list: Nx keeps a source-map entry for every element of every list in the
  // graph, which with 15 targets per service weighs more than the text.
  config.metadata = {
    ...config.metadata,
    needs: target.needs.map((need) => need.id).join(", "),
  };
  return { config, dependencies };
}

/**
 * The name under which nx.json's `namedInputs` may hold a need's own inputs (`needInputs`), so
 * that every target of every project names them instead of repeating them.
 */
export function sharedInputName(need: Need): string {
  return `need-${need.id}`;
}

/** A need's own inputs, the same in every project: its npm packages and its workspace files. */
export function needInputs(need: Need): InputDefinition[] {
  const inputs: InputDefinition[] = [];
  if (need.externalDependencies?.length) {
    inputs.push({ externalDependencies: [...need.externalDependencies] });
  }
  for (const file of need.files ?? []) inputs.push(workspaceFileInput(file));
  return inputs;
}

/**
 * The `namedInputs` entries nx.json should hold for `declared` needs: with them, targets name the
 * needs' inputs (`need-evaluator`) instead of repeating them in every project's graph.
 */
export function sharedInputs(declared: readonly Need[]): Record<string, InputDefinition[]> {
  const shared: Record<string, InputDefinition[]> = {};
  for (const need of declared) {
    const inputs = needInputs(need);
    if (inputs.length > 0) shared[sharedInputName(need)] = inputs;
  }
  return shared;
}

/**
 * The inputs a target's needs add:
 * - the production files of each package that runs it, and those of its dependencies: two inputs,
 *   since Nx reads `{ input, projects, dependencies: true }` as the named projects' dependencies
 *   only, without the projects themselves; left out when the target has `^production`, which
 *   covers them exactly, since each such package is reached from the project in the graph
 *   (declared, or added as an implicit dependency);
 * - each need's npm packages and workspace files: by name when nx.json defines that name as
 *   exactly these inputs (anything else, or nothing, and they are written out, so the hash never
 *   depends on a definition that differs from what the need declares).
 */
function derivedInputs(
  declared: readonly Need[],
  packages: readonly string[],
  own: readonly (string | InputDefinition)[],
  namedInputs: NamedInputs,
): InputDefinition[] {
  const coveredByDependencies = own.includes("^production");
  const inputs: InputDefinition[] = coveredByDependencies
    ? []
    : packages.flatMap((name) => [
        { input: "production", projects: [name] },
        { input: "production", projects: [name], dependencies: true },
      ]);
  const unshared = declared.filter((need) => {
    const inputsOfNeed = needInputs(need);
    if (inputsOfNeed.length === 0) return false;
    const name = sharedInputName(need);
    if (!isDeepStrictEqual(namedInputs[name], inputsOfNeed)) return true;
    inputs.push(name);
    return false;
  });
  const external = unique(unshared.flatMap((need) => need.externalDependencies ?? []));
  if (external.length > 0) inputs.push({ externalDependencies: external });
  for (const file of unique(unshared.flatMap((need) => need.files ?? []))) {
    inputs.push(workspaceFileInput(file));
  }
  return inputs;
}

/** A file glob from the workspace root (`!` excludes) as an Nx input. */
function workspaceFileInput(file: string): string {
  return file.startsWith("!") ? `!{workspaceRoot}/${file.slice(1)}` : `{workspaceRoot}/${file}`;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
