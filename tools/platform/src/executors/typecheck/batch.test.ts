import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { batchContext, batchGraph } from "../batch-testing";
import typecheckBatch, { compilerProcesses, deal } from "./batch";
import { runCompiler } from "./compiler";
import typecheckExecutor from "./executor";

const WORKSPACE = resolve(__dirname, "../../../../..");

// The real compiler, its calls recorded: which projects were checked alone.
vi.mock("./compiler", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./compiler")>();
  return { ...actual, runCompiler: vi.fn(actual.runCompiler) };
});

/**
 * A workspace of small projects checked by the real native compiler: `good` and `twin` pass,
 * `bad` has a type error, `ref` has project references (checked alone), and `twin` declares a
 * global that would clash with `good`'s if they shared one program.
 */
describe("@acme/platform:typecheck", () => {
  let root: string;
  const projects: Record<string, string> = {
    good: "declare global { var shared: string }\nexport const ok: string = globalThis.shared;\n",
    twin: "declare global { var shared: number }\nexport const ok: number = globalThis.shared;\n",
    bad: 'export const wrong: number = "x";\n',
    ref: "export const fine = 1;\n",
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "typecheck-executor-"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "ws", private: true }));
    mkdirSync(join(root, "node_modules"));
    symlinkSync(
      join(WORKSPACE, "node_modules", "typescript-native"),
      join(root, "node_modules", "typescript-native"),
    );
    for (const [name, source] of Object.entries(projects)) {
      mkdirSync(join(root, "libs", name, "src"), { recursive: true });
      writeFileSync(join(root, "libs", name, "src", "index.ts"), source);
      const config: Record<string, unknown> = {
        compilerOptions: { strict: true, noEmit: true, types: [], module: "Preserve" },
        include: ["src"],
      };
      if (name === "ref") config.references = [];
      writeFileSync(join(root, "libs", name, "tsconfig.json"), JSON.stringify(config));
    }
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  });
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  const context = (projectName?: string) =>
    batchContext(root, "libs", Object.keys(projects), projectName);
  const graph = (names: string[]) => batchGraph("typecheck", "libs", names);

  it("checks many projects in one compiler run, each as its own program, and names the one that fails", async () => {
    vi.mocked(runCompiler).mockClear();
    const names = Object.keys(projects);
    const options = Object.fromEntries(
      names.map((name) => [`${name}:typecheck`, { processes: 1 }]),
    );
    const results = await typecheckBatch(graph(names), options, {}, context());
    expect(results["good:typecheck"]).toMatchObject({ success: true, terminalOutput: "" });
    expect(results["twin:typecheck"]).toMatchObject({ success: true, terminalOutput: "" });
    expect(results["ref:typecheck"]).toMatchObject({ success: true });
    expect(results["bad:typecheck"]?.success).toBe(false);
    // What the project's own `tsc --noEmit -p tsconfig.json` prints, from its folder (paths
    // relative to it; plain or coloured, as the compiler decides from the environment).
    const plain = stripVTControlCharacters(results["bad:typecheck"]?.terminalOutput ?? "");
    expect(plain).toMatch(
      /^src\/index\.ts[:(]1[,:]14\)?:? - error TS2322: |^src\/index\.ts\(1,14\): error TS2322: /,
    );
    expect(plain).not.toContain("libs/");
    // One build of all four but `ref` (which has references), then only `bad` and `ref` alone.
    const calls = vi.mocked(runCompiler).mock.calls;
    const builds = calls.filter(([, args]) => args.includes("-b"));
    expect(builds).toHaveLength(1);
    // One process: the compiler's own threads may use the cores.
    expect(builds[0]?.[1]).not.toContain("--singleThreaded");
    expect(calls.filter(([, args]) => !args.includes("-b")).map(([, , cwd]) => cwd)).toEqual(
      ["bad", "ref"].map((name) => join(root, "libs", name)),
    );
    for (const name of names) {
      expect(readdirSync(join(root, "libs", name)).sort()).toEqual(["src", "tsconfig.json"]);
    }
  }, 60_000);

  it("deals the projects over several single-threaded compiler processes, with the same verdicts and output", async () => {
    vi.mocked(runCompiler).mockClear();
    const names = Object.keys(projects);
    const options = Object.fromEntries(
      names.map((name) => [`${name}:typecheck`, { processes: 2 }]),
    );
    const results = await typecheckBatch(graph(names), options, {}, context());
    expect(results["good:typecheck"]).toMatchObject({ success: true, terminalOutput: "" });
    expect(results["twin:typecheck"]).toMatchObject({ success: true, terminalOutput: "" });
    expect(results["ref:typecheck"]).toMatchObject({ success: true });
    expect(results["bad:typecheck"]?.success).toBe(false);
    expect(stripVTControlCharacters(results["bad:typecheck"]?.terminalOutput ?? "")).toMatch(
      /^src\/index\.ts[:(]1[,:]14\)?:? - error TS2322: |^src\/index\.ts\(1,14\): error TS2322: /,
    );
    const calls = vi.mocked(runCompiler).mock.calls;
    const builds = calls.filter(([, args]) => args.includes("-b")).map(([, args]) => args);
    expect(builds).toHaveLength(2);
    const built = (args: string[]) =>
      args.filter((arg) => arg.endsWith("tsconfig.json")).map((file) => file.split("/").at(-2));
    // Disjoint shares that together hold every project that can be built together.
    expect(builds.flatMap(built).sort()).toEqual(["bad", "good", "twin"]);
    for (const args of builds) expect(args).toContain("--singleThreaded");
    expect(calls.filter(([, args]) => !args.includes("-b")).map(([, , cwd]) => cwd)).toEqual(
      ["bad", "ref"].map((name) => join(root, "libs", name)),
    );
    for (const name of names) {
      expect(readdirSync(join(root, "libs", name)).sort()).toEqual(["src", "tsconfig.json"]);
    }
  }, 60_000);

  // Nx starts a batch with FORCE_COLOR=true (or, for the user's FORCE_COLOR=0, with FORCE_COLOR=0
  // and NO_COLOR=1: node_modules/nx/dist/src/tasks-runner/task-env.js), and the compilers inherit it.
  it.each([
    { colours: true, env: { FORCE_COLOR: "true", NO_COLOR: undefined } },
    { colours: false, env: { FORCE_COLOR: "0", NO_COLOR: "1" } },
  ])(
    "passes Nx's colour setting on (colours: $colours), and still splits the shared run's output by project",
    async ({ colours, env }) => {
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      try {
        vi.mocked(runCompiler).mockClear();
        const names = ["good", "twin", "bad"];
        const options = Object.fromEntries(
          names.map((name) => [`${name}:typecheck`, { processes: 1 }]),
        );
        const results = await typecheckBatch(graph(names), options, {}, context());
        // The shared run's output is read to attribute it, so that one run stays plain
        // (`--pretty false`): only `bad`, which printed something, is checked again alone...
        const alone = vi.mocked(runCompiler).mock.calls.filter(([, args]) => !args.includes("-b"));
        expect(alone.map(([, , cwd]) => cwd)).toEqual([join(root, "libs", "bad")]);
        expect(results["good:typecheck"]).toMatchObject({ success: true, terminalOutput: "" });
        // ...and the output the user sees, that of its own `tsc`, has colours exactly when Nx's has.
        const output = results["bad:typecheck"]?.terminalOutput ?? "";
        expect(stripVTControlCharacters(output)).toContain("error TS2322");
        expect(output !== stripVTControlCharacters(output)).toBe(colours);
      } finally {
        vi.unstubAllEnvs();
      }
    },
    60_000,
  );

  it("uses the machine's cores unless told, never more processes than projects", () => {
    expect(compilerProcesses([{}, {}], 2)).toBe(Math.min(2, availableParallelism()));
    expect(compilerProcesses([{ processes: 3 }, {}], 10)).toBe(3);
    expect(compilerProcesses([{ processes: 8 }], 2)).toBe(2);
    expect(compilerProcesses([{ processes: 2 }], 0)).toBe(1);
    expect(deal([1, 2, 3, 4, 5], 2)).toEqual([
      [1, 3, 5],
      [2, 4],
    ]);
    expect(deal([1], 2)).toEqual([[1]]);
  });

  it("checks a batch of one project with its own tsc", async () => {
    const results = await typecheckBatch(graph(["bad"]), { "bad:typecheck": {} }, {}, context());
    expect(results["bad:typecheck"]?.success).toBe(false);
    expect(stripVTControlCharacters(results["bad:typecheck"]?.terminalOutput ?? "")).toMatch(
      /^src\/index\.ts/,
    );
  }, 60_000);

  it("checks one project alone as the target always did", async () => {
    const spy = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await typecheckExecutor({}, context("good"))).toEqual({ success: true });
    expect(await typecheckExecutor({}, context("bad"))).toEqual({ success: false });
    spy.mockRestore();
  }, 60_000);
});
