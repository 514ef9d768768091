import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
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
