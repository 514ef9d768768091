import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import type {
  CreateNodesContext,
  ProjectConfiguration,
  TargetConfiguration,
  TargetDependencyConfig,
} from "@nx/devkit";
import { AggregateCreateNodesError } from "@nx/devkit";
import { getExecutorInformation, parseExecutor } from "nx/src/command-line/run/executor-utils";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createNodesV2, projectFilePattern } from "./create-nodes";
import { type Need, needs, platformPackage, sharedInputs } from "./needs";
import { defaultTargetNames, type PlatformPluginOptions } from "./options";
import { evaluateExecutor } from "./targets/evaluate";
import { runBatchedExecutor, runExecutor } from "./targets/run";
import { templateCheckExecutor } from "./targets/template-check";
import { testExecutor } from "./targets/test";
import { typecheckExecutor } from "./targets/typecheck";

/** A workspace shaped like Shipyard's: the platform, the evaluator, a service, plain packages. */
const fixture: Record<string, unknown> = {
  "packages/infra/package.json": {
    name: "@acme/infra",
    dependencies: { "@acme/contract": "*" },
    devDependencies: { "@acme/sst-offline": "*" },
  },
  "packages/infra/tsconfig.json": {},
  "packages/infra/vitest.config.ts": "",
  "packages/contract/package.json": { name: "@acme/contract" },
  "packages/contract/tsconfig.json": {},
  "packages/sst-offline/package.json": {
    name: "@acme/sst-offline",
    dependencies: { "@acme/contract": "*" },
  },
  "packages/sst-offline/vitest.config.ts": "",
  "packages/local/package.json": {
    name: "@acme/local",
    dependencies: { "@acme/sst-offline": "*" },
  },
  "packages/local/vitest.config.ts": "",
  "packages/uses-local/package.json": {
    name: "@acme/uses-local",
    dependencies: { "@acme/local": "*" },
  },
  "packages/uses-local/tsconfig.json": {},
  "packages/plain/package.json": { name: "@acme/plain" },
  "packages/plain/tsconfig.json": {},
  "packages/plain/vitest.config.ts": "",
  "tools/platform/package.json": {
    name: "@acme/platform",
    dependencies: { "@acme/contract": "*", "@acme/infra": "*", "@acme/sst-offline": "*" },
  },
  "tools/platform/vitest.config.mts": "",
  "apps/orders/package.json": {
    name: "@acme/orders",
    devDependencies: { "@acme/infra": "*", "@acme/sst-offline": "*" },
  },
  "apps/orders/tsconfig.json": {},
  "apps/orders/vitest.config.ts": "",
  "apps/orders/sst.config.ts": "",
};

/** Targets that only read the project's text (Biome, template-check), so they may run before SST's platform exists. */
const platformFree = new Set(["lint", "format-check", "sst-install", "template-check"]);

describe("@acme/platform createNodes", () => {
  let workspaceRoot: string;
  let context: CreateNodesContext;

  beforeEach(() => {
    workspaceRoot = mkdtempSync(join(tmpdir(), "platform-plugin-"));
    context = { workspaceRoot, nxJsonConfiguration: {} };
  });
  afterEach(() => rmSync(workspaceRoot, { recursive: true, force: true }));

  function file(path: string, content: unknown = {}) {
    mkdirSync(dirname(join(workspaceRoot, path)), { recursive: true });
    writeFileSync(
      join(workspaceRoot, path),
      typeof content === "string" ? content : JSON.stringify(content),
    );
  }

  function writeFixture(files: Record<string, unknown> = fixture) {
    for (const [path, content] of Object.entries(files)) file(path, content);
  }

  const manifests = (files: Record<string, unknown> = fixture) =>
    Object.keys(files).filter((path) => path.endsWith("/package.json"));

  async function inferAll(
    options?: PlatformPluginOptions,
    files: Record<string, unknown> = fixture,
  ): Promise<Record<string, ProjectConfiguration>> {
    const results = await createNodesV2[1](manifests(files), options, context);
    const projects: Record<string, ProjectConfiguration> = {};
    for (const [, result] of results) {
      for (const [root, project] of Object.entries(result.projects ?? {})) {
        projects[root] = { ...project, root } as ProjectConfiguration;
      }
    }
    return projects;
  }

  async function targetsOf(
    projectRoot: string,
    options?: PlatformPluginOptions,
  ): Promise<Record<string, TargetConfiguration>> {
    const project = (await inferAll(options))[projectRoot];
    if (!project?.targets) throw new Error(`no project inferred for ${projectRoot}`);
    return project.targets;
  }

  /** Whether `target` of `project` waits, directly or through its dependsOn chain, for sst-install. */
  function runsAfterInstall(
    projects: Record<string, ProjectConfiguration>,
    projectRoot: string,
    targetName: string,
    installTarget = "sst-install",
    seen = new Set<string>(),
  ): boolean {
    const key = `${projectRoot}:${targetName}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const byName = (name: string) =>
      Object.entries(projects).find(([root]) => manifestName(root) === name)?.[0];
    for (const dependency of projects[projectRoot]?.targets?.[targetName]?.dependsOn ?? []) {
      const config = dependencyConfig(dependency, byName);
      for (const name of config.projects ?? []) {
        const root = byName(name as string);
        if (!root) continue;
        if (config.target === installTarget && root === "packages/infra") return true;
        if (runsAfterInstall(projects, root, config.target, installTarget, seen)) return true;
      }
    }
    return false;
  }

  /** Nx's reading of a `dependsOn` entry: `"project:target"` names a target of another project. */
  function dependencyConfig(
    dependency: string | TargetDependencyConfig,
    byName: (name: string) => string | undefined,
  ): TargetDependencyConfig {
    if (typeof dependency !== "string") return dependency;
    const colon = dependency.indexOf(":");
    const project = dependency.slice(0, colon);
    if (colon > 0 && byName(project)) {
      return { projects: [project], target: dependency.slice(colon + 1) };
    }
    return { target: dependency };
  }

  function manifestName(root: string): string | undefined {
    return (fixture[`${root}/package.json`] as { name?: string } | undefined)?.name;
  }

  it("matches workspace packages under apps, packages and tools", () => {
    expect(projectFilePattern).toBe("{apps,packages,tools}/*/package.json");
  });

  it("infers the whole workspace as recorded (review changes to this snapshot)", async () => {
    writeFixture();
    expect(await inferAll()).toMatchSnapshot();
  });

  it("runs every target that reads SST's platform after sst-install, derived from what each target needs", async () => {
    writeFixture();
    const projects = await inferAll();
    const onPlatform = [
      "apps/orders",
      "packages/infra",
      "packages/sst-offline",
      "packages/local",
      "packages/uses-local",
      "tools/platform",
    ];
    let checked = 0;
    for (const root of onPlatform) {
      for (const name of Object.keys(projects[root]?.targets ?? {})) {
        if (platformFree.has(name)) continue;
        expect(runsAfterInstall(projects, root, name), `${root}:${name}`).toBe(true);
        checked++;
      }
    }
    // typecheck, test, evaluate, build, infra, platform-check, policy, link-types, serve, dev,
    // deploy and remove of the service, and the typecheck and tests of the packages on the platform.
    expect(checked).toBe(18);
    for (const name of ["typecheck", "test"]) {
      expect(runsAfterInstall(projects, "packages/plain", name), `plain:${name}`).toBe(false);
    }
    expect(projects["apps/orders"]?.targets?.typecheck?.inputs).toContainEqual({
      externalDependencies: ["typescript-native", "sst"],
    });
  });

  it("keeps the dependency on sst-install when the targets are renamed", async () => {
    writeFixture();
    const options = { sstInstallTargetName: "platform-install", infraTargetName: "plan" };
    const projects = await inferAll(options);
    expect(projects["packages/infra"]?.targets?.["platform-install"]).toBeDefined();
    expect(runsAfterInstall(projects, "apps/orders", "plan", "platform-install")).toBe(true);
  });

  it("lets the workspace rename every target", async () => {
    writeFixture();
    const renamed = Object.fromEntries(
      Object.entries(defaultTargetNames).map(([key, name]) => [key, `my-${name}`]),
    ) as PlatformPluginOptions;
    const projects = await inferAll(renamed);
    const names = new Set(
      Object.values(projects).flatMap((project) => Object.keys(project.targets ?? {})),
    );
    expect([...names].sort()).toEqual(
      Object.values(defaultTargetNames)
        .map((name) => `my-${name}`)
        .sort(),
    );
  });

  it("refuses a target name given twice or a name that is not one", async () => {
    writeFixture();
    await expect(inferAll({ testTargetName: "lint" })).rejects.toThrow(
      /two targets the name "lint"/,
    );
    await expect(inferAll({ buildTargetName: "a b" })).rejects.toThrow(/buildTargetName/);
  });

  it("reports a malformed package.json against its own file and infers the other projects", async () => {
    const files = { ...fixture, "packages/broken/package.json": '{ "name": "@acme/broken", ' };
    writeFixture(files);
    const error = await Promise.resolve()
      .then(() => createNodesV2[1](manifests(files), undefined, context))
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(AggregateCreateNodesError);
    const aggregate = error as AggregateCreateNodesError;
    expect(aggregate.errors.map(([path]) => path)).toEqual(["packages/broken/package.json"]);
    expect(String(aggregate.errors[0]?.[1])).toMatch(
      /packages\/broken\/package\.json is not a valid package\.json/,
    );
    const inferred = aggregate.partialResults.map(([path]) => path);
    expect(inferred).toContain("apps/orders/package.json");
    expect(inferred).not.toContain("packages/broken/package.json");
  });

  it("passes no user input through a shell: arguments reach programs through the run executor only", async () => {
    writeFixture();
    const projects = await inferAll();
    let viaExecutor = 0;
    for (const [root, project] of Object.entries(projects)) {
      for (const [name, target] of Object.entries(project.targets ?? {})) {
        // template-check's executor runs in Nx's process and takes no arguments; typecheck's
        // starts the compiler with fixed arguments, no shell; evaluate's starts the evaluator's
        // runner with its options as JSON, no shell (a bad stage is refused before it starts);
        // test's starts Vitest with an argument array, no shell.
        if (
          target.executor === runExecutor ||
          target.executor === runBatchedExecutor ||
          target.executor === templateCheckExecutor ||
          target.executor === typecheckExecutor ||
          target.executor === evaluateExecutor ||
          target.executor === testExecutor
        ) {
          viaExecutor++;
          continue;
        }
        // Shell commands, so they must take nothing from the command line.
        const commands: string[] = target.command ? [target.command] : target.options?.commands;
        expect(commands, `${root}:${name}`).toBeDefined();
        expect(target.options?.forwardAllArgs, `${root}:${name}`).toBe(false);
        for (const command of commands) {
          expect(command, `${root}:${name}`).not.toMatch(/\{args\./);
        }
      }
    }
    expect(viaExecutor).toBeGreaterThan(0);
  });

  it("gives a service its SST targets, with the stage checked before the program runs", async () => {
    writeFixture();
    const targets = await targetsOf("apps/orders");
    for (const [name, command] of [
      ["deploy", "deploy"],
      ["remove", "remove"],
      ["dev", "dev"],
    ] as const) {
      expect(targets[name]).toMatchObject({
        executor: runExecutor,
        options: {
          package: "@acme/platform",
          bin: "shipyard-sst",
          args: [command],
          cwd: "apps/orders",
          validateStage: true,
        },
        cache: false,
      });
    }
    expect(targets.dev?.continuous).toBe(true);
    expect(targets.serve).toMatchObject({ continuous: true, options: { bin: "shipyard-serve" } });
    expect(targets.build?.outputs).toEqual(["{projectRoot}/dist"]);
    for (const target of Object.values(targets)) {
      expect(target.metadata?.description).toMatch(/\w/);
    }
    expect((await targetsOf("packages/plain")).deploy).toBeUndefined();
  });

  it("states continuous on every target, as Nx would read it from the target's executor", async () => {
    // Unstated, Nx looks each target's executor up on every command to read `continuous` from its
    // schema; stated, it skips the lookup. Stating it must not change what Nx would have found.
    const repositoryRoot = resolve(__dirname, "..", "..", "..", "..");
    writeFixture();
    const targets = Object.values(await inferAll()).flatMap((project) =>
      Object.entries(project.targets ?? {}).map(([name, target]) => ({ name, target })),
    );
    expect(targets.length).toBeGreaterThan(20);
    for (const { name, target } of targets) {
      expect(typeof target.continuous, `${name} states continuous`).toBe("boolean");
      // A `command` is Nx's shorthand for nx:run-commands.
      const [module, executor] = parseExecutor(target.executor ?? "nx:run-commands");
      const { schema } = getExecutorInformation(module, executor, repositoryRoot, {});
      if (schema.continuous) expect(target.continuous, `${name} (${target.executor})`).toBe(true);
    }
    const continuous = targets.filter(({ target }) => target.continuous).map(({ name }) => name);
    expect(new Set(continuous)).toEqual(new Set(["serve", "dev"]));
  });

  it("makes the code that runs a target its input and a dependency of the project", async () => {
    writeFixture();
    const projects = await inferAll();
    const orders = projects["apps/orders"];
    // @acme/sst-offline is a declared dependency of the service already (its devDependencies).
    expect(orders?.implicitDependencies).toEqual(["@acme/local", "@acme/platform"]);
    // With `^production`, every dependency's production files (transitively) are inputs: the
    // packages that run the target are dependencies, so they are covered without a line each.
    const platformCheck = orders?.targets?.["platform-check"]?.inputs ?? [];
    expect(platformCheck).toContain("^production");
    expect(
      platformCheck.filter((input) => typeof input === "object" && "projects" in input),
    ).toEqual([]);
    // Without `^production` (template-check reads the service's text, not its dependencies), the
    // package that runs it is named, with its dependencies (Nx reads `dependencies: true` as the
    // dependencies alone, without the package).
    expect(orders?.targets?.["template-check"]?.inputs).toEqual(
      expect.arrayContaining([
        { input: "production", projects: ["@acme/platform"] },
        { input: "production", projects: ["@acme/platform"], dependencies: true },
      ]),
    );
    // The evaluator's own tests: its code is the project's own input, not a dependency.
    expect(projects["packages/sst-offline"]?.implicitDependencies).toBeUndefined();
  });

  it("has every need's own inputs in the workspace's nx.json, exactly as the need declares them", () => {
    const nxJson = JSON.parse(
      readFileSync(join(__dirname, "..", "..", "..", "..", "nx.json"), "utf8"),
    ) as { namedInputs: Record<string, unknown> };
    const declared = sharedInputs(Object.values(needs));
    const named = Object.fromEntries(
      Object.keys(declared).map((name) => [name, nxJson.namedInputs[name]]),
    );
    expect(named).toEqual(declared);
  });

  it("makes the code of the plugin's executor an input of every cached target it runs, through a need", async () => {
    writeFixture();
    const projects = await inferAll();
    const catalogue = new Map<string, Need>(
      Object.values(needs as Record<string, Need>).map((need) => [need.id, need]),
    );
    const uncovered: string[] = [];
    let checked = 0;
    for (const [root, project] of Object.entries(projects)) {
      for (const [name, target] of Object.entries(project.targets ?? {})) {
        const executor = target.executor?.match(/^@acme\/platform:(.+)$/)?.[1];
        if (!target.cache || !executor) continue;
        checked++;
        // needs.test.ts checks that a need's files and packages hold its executors' code; the
        // plugin's own package holds all of it (its production files, with its dependencies).
        const declared = String(target.metadata?.needs).split(", ");
        const covered = declared.some((id) => {
          const need = catalogue.get(id);
          return need?.executors?.includes(executor) || need?.packages?.includes(platformPackage);
        });
        if (!covered) {
          uncovered.push(
            `${root}:${name} runs the ${executor} executor, but none of its needs (${declared.join(", ")}) names it in executors (needs.ts)`,
          );
        }
      }
    }
    expect(uncovered).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it("names a need's own inputs when nx.json defines them exactly, and writes them out otherwise", async () => {
    writeFixture();
    const inline = (await targetsOf("apps/orders")).typecheck?.inputs;
    expect(inline).toContainEqual({ externalDependencies: ["typescript-native", "sst"] });
    expect(inline).toContain("{workspaceRoot}/tools/platform/executors.json");

    context = {
      workspaceRoot,
      nxJsonConfiguration: { namedInputs: sharedInputs([needs.typescript, needs.sstPlatform]) },
    };
    const named = (await targetsOf("apps/orders")).typecheck?.inputs;
    expect(named).toEqual(["default", "^production", "need-typescript", "need-sst-platform"]);

    // A definition that differs from what the need declares is not trusted: the hash would miss
    // the compiler's version. The need's inputs are written out again; the other need keeps its name.
    context = {
      workspaceRoot,
      nxJsonConfiguration: {
        namedInputs: {
          ...sharedInputs([needs.sstPlatform]),
          "need-typescript": ["{workspaceRoot}/tools/platform/executors.json"],
        },
      },
    };
    const mismatched = (await targetsOf("apps/orders")).typecheck?.inputs;
    expect(mismatched).toContain("need-sst-platform");
    expect(mismatched).not.toContain("need-typescript");
    expect(mismatched).toContainEqual({ externalDependencies: ["typescript-native"] });
    expect(mismatched).toContain("{workspaceRoot}/tools/platform/executors.json");
  });

  it("evaluates a service once per change: every target that evaluates its infra runs after evaluate, derived from its needs", async () => {
    writeFixture();
    const projects = await inferAll();
    const orders = projects["apps/orders"]?.targets ?? {};
    expect(orders.evaluate).toMatchObject({
      // Many services at once in a few runner processes (the executor's batch mode).
      executor: "@acme/platform:evaluate",
      options: { stages: ["dev", "production"], skipUnsetSecrets: true },
      cache: true,
      outputs: ["{projectRoot}/.sst/offline"],
    });
    // The executor's own code is an input (it computes the artifacts).
    expect(JSON.stringify(orders.evaluate?.inputs)).toContain(
      "{workspaceRoot}/tools/platform/src/executors/evaluate/*.ts",
    );
    // The evaluator's files reach evaluate through `^production`: the service depends on it.
    expect(orders.evaluate?.inputs).toContain("^production");
    const ordersManifest = fixture["apps/orders/package.json"] as {
      devDependencies: Record<string, string>;
    };
    expect(Object.keys(ordersManifest.devDependencies)).toContain("@acme/sst-offline");
    const afterEvaluate = Object.entries(orders)
      .filter(([, target]) => target.dependsOn?.includes("evaluate"))
      .map(([name]) => name)
      .sort();
    const evaluating = Object.entries(orders)
      .filter(([, target]) =>
        String(target.metadata?.needs ?? "")
          .split(", ")
          .includes("evaluator"),
      )
      .map(([name]) => name)
      .filter((name) => name !== "evaluate")
      .sort();
    expect(afterEvaluate).toEqual(evaluating);
    expect(afterEvaluate).toEqual([
      "build",
      "infra",
      "link-types",
      "platform-check",
      "policy",
      "serve",
      "test",
    ]);
    // Packages whose tests evaluate fixtures have no evaluate target to wait for.
    expect(projects["packages/infra"]?.targets?.evaluate).toBeUndefined();
    expect(projects["packages/infra"]?.targets?.test?.dependsOn).not.toContain("evaluate");
  });

  it("follows a renamed evaluate target", async () => {
    writeFixture();
    const projects = await inferAll({ evaluateTargetName: "infra-eval" });
    const orders = projects["apps/orders"]?.targets ?? {};
    expect(orders["infra-eval"]?.dependsOn).not.toContain("infra-eval");
    expect(orders.policy?.dependsOn).toContain("infra-eval");
    expect(orders.evaluate).toBeUndefined();
  });

  it("gives sst-install to the project that holds the platform only", async () => {
    writeFixture();
    const projects = await inferAll();
    expect(projects["packages/infra"]?.targets?.["sst-install"]).toMatchObject({
      command: "node tools/platform/bin/sst-install.mjs",
      cache: false,
    });
    expect(projects["packages/plain"]?.targets?.["sst-install"]).toBeUndefined();
  });
});
