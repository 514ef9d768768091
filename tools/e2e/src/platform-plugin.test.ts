import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { type Need, needInputs, needs, sharedInputName } from "@acme/platform/src/plugin/needs";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { output, WorkspaceCopy } from "./workspace";

/**
 * The platform plugin as Nx really sees it: the project graph, the task graph of every inferred
 * target, `nx affected` and the hashes of the tasks, in a copy of this workspace.
 */

interface GraphTarget {
  executor?: string;
  cache?: boolean;
  inputs?: unknown[];
}
interface GraphJson {
  graph: {
    nodes: Record<string, { data: { root: string; targets?: Record<string, GraphTarget> } }>;
    dependencies: Record<string, { source: string; target: string }[]>;
  };
}
interface TaskGraphJson {
  tasks: {
    tasks: Record<string, { target: { project: string; target: string } }>;
    dependencies: Record<string, { id: string }[] | string[]>;
    continuousDependencies?: Record<string, { id: string }[] | string[]>;
  };
}

const services = ["@acme/billing-report", "@acme/notifications", "@acme/orders"];
const install = "@acme/infra:sst-install";
/**
 * Targets allowed before the platform exists: those that only read text (Biome; template-check,
 * which renders the service's templates with hygen and compares versions and files), and the
 * install itself. Everything else of a project on the platform must wait for it.
 */
const platformFree = new Set(["lint", "format-check", "template-check", "sst-install"]);
/** The projects that hold SST's platform or run it: reaching one means reading the platform. */
const platformHolders = ["@acme/infra", "@acme/sst-offline"];

describe("the platform plugin in Nx's own graphs", () => {
  let workspace: WorkspaceCopy;
  let graph: GraphJson["graph"];
  let tasks: TaskGraphJson["tasks"];

  function nxJson<T>(...args: string[]): T {
    const file = join(workspace.root, "..", `${workspace.root.split("/").pop()}-graph.json`);
    const result = workspace.nx(...args, `--file=${file}`);
    if (result.status !== 0) throw new Error(output(result));
    return JSON.parse(readFileSync(file, "utf8")) as T;
  }

  beforeAll(() => {
    workspace = new WorkspaceCopy();
    graph = nxJson<GraphJson>("graph").graph;
    const targets = new Set(
      Object.values(graph.nodes).flatMap((node) => Object.keys(node.data.targets ?? {})),
    );
    const file = join(workspace.root, "..", `${workspace.root.split("/").pop()}-tasks.json`);
    const result = workspace.nx("run-many", "-t", [...targets].join(","), `--graph=${file}`);
    if (result.status !== 0) throw new Error(output(result));
    tasks = (JSON.parse(readFileSync(file, "utf8")) as TaskGraphJson).tasks;
  });
  afterAll(() => workspace?.remove());

  const ids = (edges: ({ id: string } | string)[] | undefined) =>
    (edges ?? []).map((edge) => (typeof edge === "string" ? edge : edge.id));

  function waitsFor(task: string, awaited: string, seen = new Set<string>()): boolean {
    if (seen.has(task)) return false;
    seen.add(task);
    const next = [...ids(tasks.dependencies[task]), ...ids(tasks.continuousDependencies?.[task])];
    return next.includes(awaited) || next.some((dependency) => waitsFor(dependency, awaited, seen));
  }

  function reaches(project: string, targets: readonly string[], seen = new Set<string>()): boolean {
    if (targets.includes(project)) return true;
    if (seen.has(project)) return false;
    seen.add(project);
    return (graph.dependencies[project] ?? []).some((edge) => reaches(edge.target, targets, seen));
  }

  /** The tracked files of a project: under its root, and under no other project's root. */
  function filesOf(project: string): string[] {
    const root = graph.nodes[project]?.data.root ?? "";
    const others = Object.entries(graph.nodes)
      .filter(([name, node]) => name !== project && node.data.root !== root)
      .map(([, node]) => node.data.root)
      .filter((other) => other !== "." && (root === "." || other.startsWith(`${root}/`)));
    return workspace
      .git("ls-files", root)
      .split("\n")
      .filter(Boolean)
      .filter((file) => !others.some((other) => file.startsWith(`${other}/`)));
  }

  it("runs no task that reads SST's platform before sst-install, whatever the target", () => {
    const onPlatform = Object.keys(graph.nodes).filter(
      (project) =>
        reaches(project, platformHolders) ||
        filesOf(project).some((file) => file.endsWith("sst.config.ts")),
    );
    expect(onPlatform).toEqual(expect.arrayContaining([...services, ...platformHolders]));
    const checked = Object.entries(tasks.tasks).filter(
      ([, task]) =>
        onPlatform.includes(task.target.project) && !platformFree.has(task.target.target),
    );
    const early = checked.filter(([id]) => !waitsFor(id, install)).map(([id]) => id);
    expect(early).toEqual([]);
    // Every service target that evaluates its infra is among them.
    for (const service of services) {
      for (const target of [
        "typecheck",
        "test",
        "evaluate",
        "build",
        "infra",
        "platform-check",
        "serve",
      ]) {
        expect(checked.map(([id]) => id)).toContain(`${service}:${target}`);
      }
    }
  });

  it("has a graph edge for every workspace project a project loads, computed specifiers included", () => {
    const names = Object.keys(graph.nodes);
    const owner = (file: string) =>
      names
        .map((name) => ({ name, root: graph.nodes[name]?.data.root ?? "." }))
        .filter(({ root }) => root === "." || file.startsWith(`${root}/`))
        .sort((a, b) => b.root.length - a.root.length)[0]?.name;
    const missing: string[] = [];
    for (const project of names) {
      for (const file of filesOf(project).filter((path) => /\.(c|m)?[jt]sx?$/.test(path))) {
        if (file.includes("__fixtures__/")) continue;
        const source = readFileSync(join(workspace.root, file), "utf8");
        for (const specifier of loadedSpecifiers(source)) {
          const loaded = specifier.startsWith(".")
            ? owner(posix.join(posix.dirname(file), specifier))
            : specifier.split("/").slice(0, 2).join("/");
          if (!loaded || loaded === project || !names.includes(loaded)) continue;
          const edge = graph.dependencies[project]?.some((dep) => dep.target === loaded);
          if (!edge) missing.push(`${project} -> ${loaded} (${file}: ${specifier})`);
        }
      }
    }
    expect(missing).toEqual([]);
    const edge = (source: string, target: string) =>
      graph.dependencies[source]?.some((dep) => dep.target === target);
    expect(edge("@acme/local", "@acme/sst-offline")).toBe(true);
    expect(edge("@acme/platform", "@acme/sst-offline")).toBe(true);
  });

  it("lists the services as affected by a change to any code that runs their targets", () => {
    for (const tool of [
      "tools/platform/bin/platform-check.mjs",
      "tools/platform/bin/sst.mjs",
      "packages/sst-offline/src/evaluate.ts",
      "packages/contract/src/stage.ts",
      "packages/infra/src/conventions/defaults.ts",
      "packages/local/src/serve.ts",
    ]) {
      const result = workspace.nx("show", "projects", "--affected", `--files=${tool}`);
      expect(result.status, output(result)).toBe(0);
      const affected = result.stdout.split("\n").map((line) => line.trim());
      expect(affected, tool).toEqual(expect.arrayContaining(services));
    }
  });

  it("changes the hash of each cached target when the code that runs it changes", () => {
    const cached = [
      "typecheck",
      "test",
      "evaluate",
      "build",
      "infra",
      "platform-check",
      "policy",
      "template-check",
    ];
    const hashes = (): Record<string, string> =>
      JSON.parse(
        execFileSync(process.execPath, [hashScript, cached.join(",")], {
          cwd: workspace.root,
          encoding: "utf8",
          env: { ...process.env, NX_DAEMON: "false" },
        }),
      );
    const changedBy: [string, string[]][] = [
      ["tools/platform/bin/platform-check.mjs", ["platform-check"]],
      // template-check has no `^production`: the platform's own files come from its need.
      ["tools/platform/src/executors/template-check/check-service.ts", ["template-check"]],
      ["packages/contract/src/stage.ts", ["platform-check", "evaluate", "build", "infra", "test"]],
      [
        "packages/sst-offline/src/evaluate.ts",
        ["platform-check", "evaluate", "build", "infra", "test"],
      ],
      ["packages/infra/src/conventions/defaults.ts", cached],
      // The policy's rules reach `policy` through `^production` (the service depends on @acme/policy).
      ["packages/policy/src/check.ts", ["policy"]],
    ];
    let before = hashes();
    for (const [tool, targets] of changedBy) {
      appendFileSync(join(workspace.root, tool), "\n// a new rule\n");
      const after = hashes();
      for (const service of services) {
        for (const target of targets) {
          const id = `${service}:${target}`;
          expect(after[id], `${id} after a change to ${tool}`).toBeDefined();
          expect(after[id], `${id} after a change to ${tool}`).not.toBe(before[id]);
        }
      }
      // A project the tool does not run for keeps its hash: the hashes follow the inputs. Its
      // tests run through the run executor, which checks stages with @acme/contract.
      const runsRuntimeTests = tool === "packages/contract/src/stage.ts";
      expect(after["@acme/runtime:test"] === before["@acme/runtime:test"], tool).toBe(
        !runsRuntimeTests,
      );
      before = after;
    }
    // The typecheck executor's files are inputs of every typecheck through the named input
    // `need-typescript` of nx.json, with its exclusion: @acme/runtime does not depend on the
    // platform, so only that named input can reach it.
    const runtimeTypecheck = "@acme/runtime:typecheck";
    appendFileSync(
      join(workspace.root, "tools/platform/src/executors/typecheck/batch.test.ts"),
      "\n// a new test\n",
    );
    let after = hashes();
    expect(after[runtimeTypecheck], "after a change to a typecheck test").toBe(
      before[runtimeTypecheck],
    );
    appendFileSync(
      join(workspace.root, "tools/platform/src/executors/typecheck/compiler.ts"),
      "\n// a new flag\n",
    );
    after = hashes();
    expect(after[runtimeTypecheck], "after a change to the executor").toBeDefined();
    expect(after[runtimeTypecheck], "after a change to the executor").not.toBe(
      before[runtimeTypecheck],
    );
    // A file the executors import from outside their own folder (needs.test.ts finds them all):
    // run/collect.ts gathers the output of the typecheck, test and run executors.
    before = after;
    appendFileSync(
      join(workspace.root, "tools/platform/src/executors/run/collect.ts"),
      "\n// a new way to collect\n",
    );
    after = hashes();
    const collected = [
      runtimeTypecheck,
      "@acme/runtime:test",
      ...services.flatMap((service) => [`${service}:test`, `${service}:build`]),
    ];
    for (const id of collected) {
      expect(after[id], `${id} after a change to run/collect.ts`).toBeDefined();
      expect(after[id], `${id} after a change to run/collect.ts`).not.toBe(before[id]);
    }
    // The run executor's entry runs the packages' tests, also where a package.json writes a test's
    // inputs out itself (@acme/ci, @acme/local: they name `need-run-executor`).
    before = after;
    appendFileSync(join(workspace.root, "tools/platform/executors/run.cjs"), "\n// a new entry\n");
    after = hashes();
    for (const id of ["@acme/ci:test", "@acme/local:test", "@acme/runtime:test"]) {
      expect(after[id], `${id} after a change to executors/run.cjs`).toBeDefined();
      expect(after[id], `${id} after a change to executors/run.cjs`).not.toBe(before[id]);
    }
  });

  it("keeps each need's inputs on every cached target its executor runs, package.json overrides included", () => {
    const namedInputs = (
      JSON.parse(readFileSync(join(workspace.root, "nx.json"), "utf8")) as {
        namedInputs: Record<string, unknown>;
      }
    ).namedInputs;
    const problems: string[] = [];
    const checked: string[] = [];
    for (const [project, node] of Object.entries(graph.nodes)) {
      for (const [target, config] of Object.entries(node.data.targets ?? {})) {
        const executor = /^@acme\/platform:(.+)$/.exec(config.executor ?? "")?.[1];
        if (!executor || !config.cache) continue;
        for (const need of Object.values(needs as Record<string, Need>)) {
          if (!need.executors?.includes(executor)) continue;
          checked.push(`${project}:${target}`);
          const gap = gapOf(need, project, config.inputs ?? [], namedInputs);
          const missing = [...gap.inputs, ...gap.packages.map((name) => `production of ${name}`)];
          if (missing.length === 0 && !gap.namedDiffers) continue;
          problems.push(
            `${project}:${target} runs @acme/platform:${executor} but its inputs miss need "${need.id}" (${missing.join("; ")}): ${fixOf(need, gap, target, node.data.root)}`,
          );
        }
      }
    }
    // Not vacuous: the targets package.json overrides, and every service's executor targets.
    expect(checked).toEqual(
      expect.arrayContaining([
        "@acme/ci:test",
        "@acme/local:test",
        ...services.flatMap((service) =>
          ["typecheck", "test", "evaluate", "build"].map((target) => `${service}:${target}`),
        ),
      ]),
    );
    expect(problems).toEqual([]);
  });

  /**
   * What of `need`'s inputs a target of `project` with `inputs` misses, accepting what
   * `derivedInputs` (needs.ts) accepts:
   * - its npm packages and workspace files (`inputs`): the named input `need-<id>` when nx.json
   *   defines it as exactly `needInputs(need)` (`namedDiffers` when it does not), or each of them
   *   written out. A file also counts when it lies in a project whose production files the target
   *   includes (its own, with `default` or `production`; one it reaches with `^production`; one
   *   named in `{ input: "production", projects }`): that is how the plugin's own files reach a
   *   target that reads `@acme/platform`'s production files.
   * - its workspace packages (`packages`), the project itself aside: through `^production` when
   *   the project reaches them in the graph, or through both `{ input: "production", projects: [p] }`
   *   and the same with `dependencies: true` (Nx reads the latter as p's dependencies only).
   */
  function gapOf(
    need: Need,
    project: string,
    inputs: readonly unknown[],
    namedInputs: Record<string, unknown>,
  ): { inputs: string[]; packages: string[]; namedDiffers: boolean } {
    const named = sharedInputName(need);
    const namedDiffers =
      inputs.includes(named) && !isDeepStrictEqual(namedInputs[named], needInputs(need));
    const productionOf = (name: string, dependencies: boolean) =>
      inputs.some((input) => {
        const spec = (typeof input === "object" ? (input ?? {}) : {}) as {
          input?: string;
          projects?: string[];
          dependencies?: boolean;
        };
        return (
          spec.input === "production" &&
          (spec.projects ?? []).includes(name) &&
          Boolean(spec.dependencies) === dependencies
        );
      });
    const throughDependencies = (name: string) =>
      inputs.includes("^production") && reaches(project, [name]);
    const hasFilesOf = (name: string) =>
      name === project
        ? inputs.includes("default") || inputs.includes("production")
        : throughDependencies(name) || productionOf(name, false);
    const missingInputs: string[] = [];
    if (!inputs.includes(named) || namedDiffers) {
      const external = inputs.flatMap(
        (input) =>
          (input as { externalDependencies?: string[] } | null)?.externalDependencies ?? [],
      );
      for (const dependency of need.externalDependencies ?? []) {
        if (!external.includes(dependency)) missingInputs.push(`npm package ${dependency}`);
      }
      for (const file of (need.files ?? []).filter((glob) => !glob.startsWith("!"))) {
        const owner = ownerOf(file.split("*")[0] ?? file);
        const written = inputs.includes(`{workspaceRoot}/${file}`);
        if (!written && !(owner && hasFilesOf(owner))) missingInputs.push(file);
      }
    }
    const packages = (need.packages ?? []).filter(
      (name) =>
        name !== project &&
        !throughDependencies(name) &&
        !(productionOf(name, false) && productionOf(name, true)),
    );
    return { inputs: missingInputs, packages, namedDiffers };
  }

  /**
   * The fix for a need's gap: where a project's package.json writes the target's inputs, they
   * replace the inferred ones and must name the need again; otherwise the plugin's target builder
   * does not declare the need.
   */
  function fixOf(need: Need, gap: ReturnType<typeof gapOf>, target: string, root: string): string {
    const name = sharedInputName(need);
    if (gap.namedDiffers) {
      return `make nx.json's namedInputs "${name}" exactly the need's inputs (needInputs in needs.ts)`;
    }
    const packageJson = JSON.parse(
      readFileSync(join(workspace.root, root, "package.json"), "utf8"),
    ) as { nx?: { targets?: Record<string, { inputs?: unknown }> } };
    if (!packageJson.nx?.targets?.[target]?.inputs) {
      return `declare need "${need.id}" (needs.ts) in the builder of "${target}" (tools/platform/src/plugin/targets/)`;
    }
    const add = [
      ...(gap.inputs.length > 0 ? [`"${name}"`] : []),
      ...(gap.packages.length > 0 ? ['"^production"'] : []),
    ];
    return `add ${add.join(" and ")} to nx.targets.${target}.inputs in ${root}/package.json`;
  }

  /** The project whose root holds `path` (the deepest), if any but the workspace's own. */
  function ownerOf(path: string): string | undefined {
    return Object.entries(graph.nodes)
      .filter(([, node]) => node.data.root !== "." && path.startsWith(`${node.data.root}/`))
      .sort(([, a], [, b]) => b.data.root.length - a.data.root.length)[0]?.[0];
  }

  it("names the inputs every service shares, each defined in nx.json, instead of repeating them", () => {
    const nxJson = JSON.parse(readFileSync(join(workspace.root, "nx.json"), "utf8")) as {
      namedInputs: Record<string, unknown>;
    };
    const unnamed: string[] = [];
    for (const service of services) {
      const targets = (graph.nodes[service]?.data.targets ?? {}) as Record<
        string,
        { inputs?: unknown[] }
      >;
      for (const [name, target] of Object.entries(targets)) {
        for (const input of target.inputs ?? []) {
          const where = `${service}:${name} ${JSON.stringify(input)}`;
          // A name Nx does not find in namedInputs would be read as a file pattern matching
          // nothing, silently: every name must be defined.
          if (typeof input === "string" && /^[\w-]+$/.test(input)) {
            if (!(input in nxJson.namedInputs)) unnamed.push(`${where}: not in nx.json`);
          } else if (typeof input === "object" && input && "externalDependencies" in input) {
            unnamed.push(`${where}: written out, not named`);
          } else if (typeof input === "string" && input.includes("{workspaceRoot}/tools/")) {
            unnamed.push(`${where}: written out, not named`);
          }
        }
      }
    }
    expect(unnamed).toEqual([]);
  });
});

const hashScript = join(dirname(fileURLToPath(import.meta.url)), "nx-task-hashes.cjs");

/**
 * The module specifiers a source file loads: static and dynamic imports, `require`, `export from`
 * (read by TypeScript's own pre-processor, so text inside template strings is not taken for an
 * import), and a specifier held in a constant that is then imported
 * (`const specifier = "@acme/x"; await import(specifier)`).
 */
export function loadedSpecifiers(source: string): string[] {
  const found = new Set(
    ts.preProcessFile(source, true, true).importedFiles.map((imported) => imported.fileName),
  );
  for (const match of source.matchAll(/\bimport\s*\(\s*([A-Za-z_$][\w$]*)\s*\)/g)) {
    const constant = new RegExp(`\\b${match[1]}\\s*=\\s*["']([^"']+)["']`).exec(source);
    if (constant) found.add(constant[1] as string);
  }
  return [...found];
}
