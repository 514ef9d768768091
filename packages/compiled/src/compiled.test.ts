import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
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
      stamps: string[];
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

  it("tells an unchanged source by its stamp, and a touched one by its contents", () => {
    run();
    const first = pointer();
    expect(first.stamps).toHaveLength(first.inputs.length);
    // Marks the copy, as above: a rebuild would drop the mark.
    writeFileSync(
      join(dataDir, first.bundle),
      readFileSync(join(dataDir, first.bundle), "utf8").replace("`answer ", "`reused "),
    );
    // Touched, same bytes: hashed, found unchanged, the new stamps recorded.
    const answer = join(packageDir, "src", "answer.ts");
    utimesSync(answer, new Date(), new Date(Date.now() + 5_000));
    expect(run().stdout).toBe("reused 1");
    const index = first.inputs.findIndex((input) => input.endsWith("src/answer.ts"));
    expect(pointer().stamps[index]).not.toBe(first.stamps[index]);
    // Same size, new bytes (the inode and size alone would call this unchanged): rebuilt.
    writeAnswer("7");
    expect(run().stdout).toBe("answer 7");
  });

  it("hashes a source its stamps were recorded in the same clock tick as (coarse file times)", () => {
    run();
    const first = pointer();
    const root = join(__dirname, "..", "..", "..");
    const stampsNow = () =>
      first.inputs.map((input) => {
        const stat = statSync(join(root, input), { bigint: true });
        return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
      });
    // A same-size edit that a file system with coarse times (a second on some, a kernel tick on
    // Linux before 6.13) would leave with the stamp recorded just before it: the pointer holds
    // the new stamps, written in the same tick as the edit, beside the old copy's hash.
    writeAnswer("2");
    const pointerFile = join(dataDir, "fixture-tool-cli.json");
    writeFileSync(pointerFile, JSON.stringify({ ...first, stamps: stampsNow() }));
    // (A millisecond before the edit: utimes rounds, and a coarse clock would give both one time.)
    const tick = new Date(statSync(join(packageDir, "src", "answer.ts")).ctimeMs - 1);
    utimesSync(pointerFile, tick, tick);
    expect(run().stdout).toBe("answer 2");
  });

  it("removes the copies older sources left once they are an hour old, and only those", () => {
    run();
    const old = join(dataDir, "fixture-tool-cli-0000000000000000.cjs");
    const recent = join(dataDir, "fixture-tool-cli-1111111111111111.cjs");
    const another = join(dataDir, "fixture-tool-cli-extra-2222222222222222.cjs");
    const oldCache = `${old}.v8cache`;
    for (const file of [old, oldCache, recent, another]) writeFileSync(file, "");
    const twoHoursAgo = new Date(Date.now() - 7_200_000);
    for (const file of [old, oldCache, another]) utimesSync(file, twoHoursAgo, twoHoursAgo);
    writeAnswer("3");
    expect(run().stdout).toBe("answer 3");
    expect(existsSync(old)).toBe(false);
    expect(existsSync(oldCache)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(another)).toBe(true);
    expect(existsSync(join(dataDir, pointer().bundle))).toBe(true);
  });

  it("keeps V8's code cache of the copy beside it, for its exact bytes, and runs the copy when the cache is bad", () => {
    expect(run().stdout).toBe("answer 1");
    const copy = join(dataDir, pointer().bundle);
    const cacheFile = `${copy}.v8cache`;
    const key = createHash("sha256").update(readFileSync(copy)).digest("hex");
    const cached = readFileSync(cacheFile);
    expect(cached.subarray(0, key.length + 1).toString()).toBe(`${key}\n`);
    expect(cached.length).toBeGreaterThan(key.length + 100);
    // A cache V8 refuses (garbage after the right key) is not used, and is written again.
    writeFileSync(cacheFile, Buffer.concat([Buffer.from(`${key}\n`), Buffer.alloc(64, 7)]));
    expect(run().stdout).toBe("answer 1");
    const rewritten = readFileSync(cacheFile);
    expect(rewritten.subarray(0, key.length + 1).toString()).toBe(`${key}\n`);
    expect(rewritten.length).toBeGreaterThan(key.length + 100);
  });

  it("starts the next process from the code cache, which V8 accepts and so is not written again", () => {
    run();
    const cacheFile = join(dataDir, `${pointer().bundle}.v8cache`);
    const stamp = () => {
      const { ino, mtimeNs } = statSync(cacheFile, { bigint: true });
      return `${ino}:${mtimeNs}`;
    };
    const written = stamp();
    // A cache V8 refused would be written again at exit, under a new inode (written, then renamed).
    expect(run().stdout).toBe("answer 1");
    expect(stamp()).toBe(written);
  });

  it("writes the code caches of many copies in one process, without a warning", () => {
    const names = Array.from({ length: 12 }, (_, index) => `cli-${index}`);
    const script = `const { loadCompiled } = require(${JSON.stringify(loader)});
      for (const name of ${JSON.stringify(names)}) loadCompiled(${JSON.stringify(join(packageDir, "bin"))}, "src/cli.ts", name).main();`;
    const result = spawnSync(process.execPath, ["-e", script], {
      encoding: "utf8",
      env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir },
    });
    expect(result.stderr).toBe("");
    expect(readdirSync(dataDir).filter((file) => file.endsWith(".v8cache"))).toHaveLength(12);
  });

  it("runs an entry that starts with a hashbang, as a bin's may", () => {
    const cli = join(packageDir, "src", "cli.ts");
    writeFileSync(cli, `#!/usr/bin/env node\n${readFileSync(cli, "utf8")}`);
    const result = run();
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("answer 1");
  });

  it("loads a copy that imports dynamically as Node loads a module, without a code cache", () => {
    // An ES module of the package, imported when the entry runs (a specifier esbuild leaves alone).
    writeFileSync(join(packageDir, "esm.mjs"), "export const answer = 42;\n");
    writeFileSync(
      join(packageDir, "src", "cli.ts"),
      `const file = "esm.mjs";\nexport const main = () => import(\`../\${file}\`).then((esm) => \`esm \${esm.answer}\`);\n`,
    );
    const script = `require(${JSON.stringify(loader)})
      .loadCompiled(${JSON.stringify(join(packageDir, "bin"))}, "src/cli.ts", "cli").main()
      .then((text) => process.stdout.write(text))`;
    const result = spawnSync(process.execPath, ["-e", script], {
      encoding: "utf8",
      env: { ...process.env, NX_WORKSPACE_DATA_DIRECTORY: dataDir },
    });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("esm 42");
    expect(existsSync(join(dataDir, `${pointer().bundle}.v8cache`))).toBe(false);
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
