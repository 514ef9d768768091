import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/**
 * `loadCompiled` as a bin uses it: a package with a TypeScript entry, loaded in a fresh Node
 * process (as each Nx task starts a bin), with its own workspace data directory.
 */
const loader = join(__dirname, "..", "compiled.cjs");

describe("loadCompiled", () => {
  let scratch: string;
  let packageDir: string;
  let dataDir: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), "acme-compiled-"));
    packageDir = join(scratch, "fixture");
    dataDir = join(scratch, "data");
    mkdirSync(join(packageDir, "src"), { recursive: true });
    mkdirSync(join(packageDir, "bin"));
    writeFileSync(join(packageDir, "package.json"), JSON.stringify({ name: "@fixture/tool" }));
    writeFileSync(
      join(packageDir, "src", "cli.ts"),
      `import { answer } from "./answer.ts";\nexport const main = (): string => \`answer \${answer}\`;\n`,
    );
    writeAnswer("1");
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  const writeAnswer = (value: string) =>
    writeFileSync(
      join(packageDir, "src", "answer.ts"),
      `export const answer: number = ${value};\n`,
    );

  /** Runs the fixture's entry compiled from its bin folder, in a new process. */
  function run() {
    const script = `process.stdout.write(require(${JSON.stringify(loader)})
      .loadCompiled(${JSON.stringify(join(packageDir, "bin"))}, "src/cli.ts", "cli").main())`;
    return spawnSync(process.execPath, ["-e", script], {
      encoding: "utf8",
      env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir },
    });
  }
  const pointer = () =>
    JSON.parse(readFileSync(join(dataDir, "fixture-tool-cli.json"), "utf8")) as {
      bundle: string;
      inputs: string[];
    };

  it("runs the entry compiled, named after its package, and records every file it was built from", () => {
    const result = run();
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("answer 1");
    const { bundle, inputs } = pointer();
    expect(bundle).toMatch(/^fixture-tool-cli-[0-9a-f]{16}\.cjs$/);
    expect(
      inputs.filter((input) => input.endsWith(".ts")).map((input) => input.split("/").pop()),
    ).toEqual(["answer.ts", "cli.ts"]);
    expect(inputs).toContain("packages/compiled/compiled.cjs");
  });

  it("reuses the copy while nothing changed, and runs the new code after a source changes", () => {
    run();
    const first = pointer().bundle;
    // Marks the copy so that a reuse can be told from a rebuild.
    writeFileSync(
      join(dataDir, first),
      readFileSync(join(dataDir, first), "utf8").replace("`answer ", "`reused "),
    );
    expect(run().stdout).toBe("reused 1");
    writeAnswer("2");
    expect(run().stdout).toBe("answer 2");
    expect(pointer().bundle).not.toBe(first);
  });

  it("removes the copies older sources left once they are an hour old, and only those", () => {
    run();
    const old = join(dataDir, "fixture-tool-cli-0000000000000000.cjs");
    const recent = join(dataDir, "fixture-tool-cli-1111111111111111.cjs");
    const another = join(dataDir, "fixture-tool-cli-extra-2222222222222222.cjs");
    for (const file of [old, recent, another]) writeFileSync(file, "");
    const twoHoursAgo = new Date(Date.now() - 7_200_000);
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    utimesSync(another, twoHoursAgo, twoHoursAgo);
    writeAnswer("3");
    expect(run().stdout).toBe("answer 3");
    expect(existsSync(old)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(another)).toBe(true);
    expect(existsSync(join(dataDir, pointer().bundle))).toBe(true);
  });

  it("fails as the TypeScript would, naming the file, when a source does not compile", () => {
    run();
    writeAnswer("(");
    const result = run();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/src\/answer\.ts:1:\d+: ERROR/);
    expect(result.stdout).toBe("");
  });
});

/**
 * `compiledFile` as @acme/sst-offline's runner uses it: an entry compiled to an ES module that a
 * plain `node` starts, kept in a cache folder of the caller's choosing. Each call is a fresh
 * process, as each evaluation (or each Nx task that evaluates) is.
 */
describe("compiledFile", () => {
  let scratch: string;
  let cacheDir: string;
  const entry = () => join(scratch, "src", "start.ts");
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), "acme-compiled-file-"));
    cacheDir = join(scratch, "cache");
    mkdirSync(join(scratch, "src"));
    writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "@fixture/runner" }));
    writeFileSync(
      entry(),
      'import { greeting } from "./greeting.ts";\nconsole.log([greeting satisfies string, import.meta.url.endsWith(".mjs")].join(" "));\n',
    );
    writeGreeting("one");
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  const writeGreeting = (value: string) =>
    writeFileSync(
      join(scratch, "src", "greeting.ts"),
      `export const greeting: string = ${JSON.stringify(value)};\n`,
    );

  /** The path `compiledFile` gives, asked from a new process. */
  function compile() {
    const script = `require(${JSON.stringify(loader)})
      .compiledFile(${JSON.stringify(entry())}, { cacheDir: ${JSON.stringify(cacheDir)}, name: "runner", format: "esm" })
      .then((file) => process.stdout.write(file), (error) => { console.error(error.message); process.exit(1); })`;
    return spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  }
  const start = (file: string) => spawnSync(process.execPath, [file], { encoding: "utf8" }).stdout;

  it("gives an ES module that node starts, reused while its sources are unchanged, rebuilt after one changes", () => {
    const first = compile();
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(new RegExp(`^${cacheDir}/runner-[0-9a-f]{16}\\.mjs$`));
    expect(start(first.stdout)).toBe("one true\n");
    const pointer = JSON.parse(readFileSync(join(cacheDir, "runner.json"), "utf8"));
    expect(pointer.inputs).toEqual(
      expect.arrayContaining([
        "packages/compiled/compiled.cjs",
        "node_modules/esbuild/package.json",
      ]),
    );

    // Marks the file so that a reuse can be told from a rebuild.
    writeFileSync(first.stdout, readFileSync(first.stdout, "utf8").replace('"one"', '"reused"'));
    expect(compile().stdout).toBe(first.stdout);
    expect(start(first.stdout)).toBe("reused true\n");

    writeGreeting("two");
    const second = compile().stdout;
    expect(second).not.toBe(first.stdout);
    expect(start(second)).toBe("two true\n");
  });

  it("serves processes that start together on a changed source, each with a whole, current file", async () => {
    compile();
    writeGreeting("together");
    const runs = await Promise.all(
      Array.from({ length: 6 }, () => {
        const script = `require(${JSON.stringify(loader)})
          .compiledFile(${JSON.stringify(entry())}, { cacheDir: ${JSON.stringify(cacheDir)}, name: "runner", format: "esm" })
          .then((file) => import(file))`;
        const child = spawn(process.execPath, ["-e", script], {
          stdio: ["ignore", "pipe", "pipe"],
        });
        let output = "";
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        return new Promise<string>((done) => child.on("close", () => done(output)));
      }),
    );
    expect(runs).toEqual(Array.from({ length: 6 }, () => "together true\n"));
    expect(readdirSync(cacheDir).filter((file) => file.endsWith(".tmp"))).toEqual([]);
  });

  it("fails naming the file and line when a source does not compile", () => {
    writeFileSync(join(scratch, "src", "greeting.ts"), "export const greeting: string = (;\n");
    const result = compile();
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/src\/greeting\.ts:1:\d+: ERROR/);
  });
});
