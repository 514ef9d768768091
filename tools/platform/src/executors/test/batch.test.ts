import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { batchContext, batchGraph } from "../batch-testing";
import testBatch, { testWorkers } from "./batch";
import testExecutor from "./executor";
import { runVitest } from "./vitest";

const WORKSPACE = resolve(__dirname, "../../../../..");

// The real Vitest, its calls recorded: which projects were run alone.
vi.mock("./vitest", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./vitest")>();
  return { ...actual, runVitest: vi.fn(actual.runVitest) };
});

/** A project's files (paths relative to its folder). */
const projects: Record<string, Record<string, string>> = {
  good: {
    "vitest.config.ts": "export default { test: { environment: 'node' } };\n",
    "src/sum.test.ts":
      "import { expect, it } from 'vitest';\nit('good adds', () => expect(1 + 1).toBe(2));\n",
  },
  // Its own config: another include, an env, a setup file and a timeout longer than the test.
  configured: {
    "vitest.config.ts":
      "export default { test: { include: ['checks/**/*.check.ts'], env: { GREETING: 'hello' }, setupFiles: ['./setup.ts'], testTimeout: 10000 } };\n",
    "setup.ts": "(globalThis as { setUp?: boolean }).setUp = true;\n",
    "checks/env.check.ts": [
      "import { expect, it } from 'vitest';",
      "it('configured reads its config', async () => {",
      "  expect(process.env.GREETING).toBe('hello');",
      "  expect((globalThis as { setUp?: boolean }).setUp).toBe(true);",
      "  await new Promise((done) => setTimeout(done, 6000));",
      "});",
      "",
    ].join("\n"),
    // Its include leaves this out: run, it would fail.
    "src/ignored.test.ts":
      "import { expect, it } from 'vitest';\nit('never runs', () => expect(true).toBe(false));\n",
  },
  bad: {
    "vitest.config.ts": "export default { test: { environment: 'node' } };\n",
    "src/sum.test.ts":
      "import { expect, it } from 'vitest';\nit('bad adds', () => expect(1 + 1).toBe(3));\nit('bad passes too', () => expect(1).toBe(1));\n",
  },
};

/**
 * Two projects whose tests pass only while the other's runs at the same time: each marks its
 * start in the workspace's `meet` folder, then waits (up to 8 s) for the other's mark.
 */
const meeting = (name: string, other: string) => ({
  "vitest.config.ts": "export default { test: { environment: 'node', testTimeout: 20000 } };\n",
  "src/meet.test.ts": [
    "import { existsSync, mkdirSync, writeFileSync } from 'node:fs';",
    "import { expect, it } from 'vitest';",
    "const meet = new URL('../../../meet/', import.meta.url);",
    `it('${name} meets ${other}', async () => {`,
    "  mkdirSync(meet, { recursive: true });",
    `  writeFileSync(new URL('${name}', meet), '');`,
    "  const until = Date.now() + 8000;",
    `  while (!existsSync(new URL('${other}', meet)) && Date.now() < until) await new Promise((done) => setTimeout(done, 50));`,
    `  expect(existsSync(new URL('${other}', meet))).toBe(true);`,
    "});",
    "",
  ].join("\n"),
});
const meetingProjects = {
  "meet-a": meeting("meet-a", "meet-b"),
  "meet-b": meeting("meet-b", "meet-a"),
};

/**
 * A workspace of small projects run by the real Vitest: `good` and `configured` pass (the latter
 * only with its own config's include, env, setup file and timeout), `bad` has a failing test.
 */
describe("@acme/platform:test", () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "test-executor-"));
    writeFileSync(join(root, "package.json"), JSON.stringify({ name: "ws", private: true }));
    mkdirSync(join(root, "node_modules"));
    symlinkSync(join(WORKSPACE, "node_modules", "vitest"), join(root, "node_modules", "vitest"));
    for (const [name, files] of Object.entries({ ...projects, ...meetingProjects })) {
      const dir = join(root, "apps", name);
      for (const [file, text] of Object.entries({
        "package.json": JSON.stringify({ name: `@ws/${name}`, private: true, type: "module" }),
        ...files,
      })) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), text);
      }
    }
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  });
  afterAll(() => {
    vi.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  const context = (projectName?: string) =>
    batchContext(
      root,
      "apps",
      [...Object.keys(projects), ...Object.keys(meetingProjects)],
      projectName,
    );
  const graph = (names: string[]) => batchGraph("test", "apps", names);

  it("runs many projects in one Vitest, each with its own config, and fails only the one that fails", async () => {
    vi.mocked(runVitest).mockClear();
    const names = Object.keys(projects);
    const options = Object.fromEntries(names.map((name) => [`${name}:test`, {}]));
    const results = await testBatch(graph(names), options, {}, context());
    expect(results["good:test"]).toMatchObject({ success: true });
    expect(results["good:test"]?.terminalOutput).toMatch(/1 test files, 1 tests passed/);
    expect(results["configured:test"]).toMatchObject({ success: true });
    expect(results["configured:test"]?.terminalOutput).toMatch(/1 test files, 1 tests passed/);
    // The failing project's output is that of its own `vitest run`, in its folder.
    expect(results["bad:test"]?.success).toBe(false);
    const bad = stripVTControlCharacters(results["bad:test"]?.terminalOutput ?? "");
    expect(bad).toContain("bad adds");
    expect(bad).toContain(join(root, "apps", "bad"));
    expect(bad).not.toMatch(/good adds|configured reads|apps\/good|apps\/configured/);
    // One Vitest over all three, then `bad` alone.
    const calls = vi.mocked(runVitest).mock.calls;
    expect(calls.filter(([, args]) => args.includes("--config"))).toHaveLength(1);
    expect(calls.filter(([, args]) => !args.includes("--config")).map(([, , cwd]) => cwd)).toEqual([
      join(root, "apps", "bad"),
    ]);
  }, 120_000);

  it("runs the projects' test files side by side, one per worker", async () => {
    vi.mocked(runVitest).mockClear();
    rmSync(join(root, "meet"), { recursive: true, force: true });
    const names = Object.keys(meetingProjects);
    const options = Object.fromEntries(names.map((name) => [`${name}:test`, { maxWorkers: 2 }]));
    const results = await testBatch(graph(names), options, {}, context());
    expect(results["meet-a:test"]).toMatchObject({ success: true });
    expect(results["meet-b:test"]).toMatchObject({ success: true });
    // Passed in the shared run: nothing was run again alone.
    expect(vi.mocked(runVitest).mock.calls.map(([, args]) => args)).toEqual([
      expect.arrayContaining(["--config", "--maxWorkers=2"]),
    ]);
  }, 120_000);

  // Nx starts a batch with FORCE_COLOR=true (or, for the user's FORCE_COLOR=0, with FORCE_COLOR=0
  // and NO_COLOR=1: node_modules/nx/dist/src/tasks-runner/task-env.js), and Vitest inherits it.
  // (Vitest colours a pipe too, unless NO_COLOR or TERM=dumb: the second case is the telling one.)
  it.each([
    { colours: true, env: { FORCE_COLOR: "true", NO_COLOR: undefined } },
    { colours: false, env: { FORCE_COLOR: "0", NO_COLOR: "1" } },
  ])(
    "passes Nx's colour setting on to Vitest (colours: $colours), and still reads the shared run's verdicts",
    async ({ colours, env }) => {
      for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
      try {
        vi.mocked(runVitest).mockClear();
        const results = await testBatch(
          graph(["good", "bad"]),
          { "good:test": {}, "bad:test": {} },
          {},
          context(),
        );
        // The shared run's verdicts come from its JSON report, which colours leave alone...
        expect(results["good:test"]?.terminalOutput).toMatch(/1 test files, 1 tests passed/);
        const alone = vi
          .mocked(runVitest)
          .mock.calls.filter(([, args]) => !args.includes("--config"));
        expect(alone.map(([, , cwd]) => cwd)).toEqual([join(root, "apps", "bad")]);
        // ...and the failing project's own run has colours exactly when Nx's output has.
        const output = results["bad:test"]?.terminalOutput ?? "";
        expect(results["bad:test"]?.success).toBe(false);
        expect(stripVTControlCharacters(output)).toContain("bad adds");
        expect(output !== stripVTControlCharacters(output)).toBe(colours);
      } finally {
        vi.unstubAllEnvs();
      }
    },
    120_000,
  );

  it("takes a test worker per core unless told", () => {
    expect(testWorkers([{}, {}])).toBe(availableParallelism());
    expect(testWorkers([{ maxWorkers: 3 }, {}])).toBe(3);
  });

  it("runs a project alone, with the arguments given to Nx, when they are given", async () => {
    vi.mocked(runVitest).mockClear();
    const results = await testBatch(
      graph(["good", "bad"]),
      { "good:test": {}, "bad:test": { __unparsed__: ["-t", "bad passes too"] } },
      {},
      context(),
    );
    expect(results["bad:test"]?.success).toBe(true);
    expect(results["good:test"]?.success).toBe(true);
    const alone = vi.mocked(runVitest).mock.calls.filter(([, args]) => !args.includes("--config"));
    expect(alone.map(([, args, cwd]) => [args, cwd])).toEqual([
      [["run"], join(root, "apps", "good")],
      [["run", "-t", "bad passes too"], join(root, "apps", "bad")],
    ]);
  }, 120_000);

  it("runs one project alone as the target always did", async () => {
    // Its own run prints as it comes: the failure's report (on stderr) is kept out of this run's.
    const spy = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    expect(await testExecutor({}, context("good"))).toEqual({ success: true });
    expect(await testExecutor({}, context("bad"))).toEqual({ success: false });
    spy.mockRestore();
  }, 120_000);
});
