import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExecutorContext } from "@nx/devkit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import runExecutor from "./executor";
import { installFakeProgram } from "../fake-program";
import { stageArgumentProblem } from "./stage";

/** A program that records the arguments and folder it ran with, and exits with $EXIT_CODE. */
const recorder = `#!/usr/bin/env node
require("node:fs").writeFileSync(process.env.RECORD, JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() }));
process.exit(Number(process.env.EXIT_CODE ?? 0));
`;

const hostile = [
  "a$(touch pwned-subshell)",
  "a`touch pwned-backtick`",
  "a; touch pwned-semicolon",
  "a' ; touch pwned-quote ; '",
  'a" ; touch pwned-dquote ; "',
  "a\ntouch pwned-newline",
  "$HOME *",
  "",
];

describe("@acme/platform:run", () => {
  let root: string;
  let record: string;
  const context = () => ({ root }) as ExecutorContext;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "run-executor-"));
    record = join(root, "record.json");
    installFakeProgram(root, recorder);
    mkdirSync(join(root, "apps", "svc"), { recursive: true });
    vi.stubEnv("RECORD", record);
    vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  const recorded = () =>
    JSON.parse(readFileSync(record, "utf8")) as { argv: string[]; cwd: string };
  const options = (extra: object = {}) => ({
    package: "@acme/tool",
    bin: "tool",
    args: ["deploy"],
    cwd: "apps/svc",
    ...extra,
  });

  it("gives the program its args then the user's, byte for byte, in the project's folder", async () => {
    const result = await runExecutor(options({ __unparsed__: ["--note", ...hostile] }), context());
    expect(result).toEqual({ success: true });
    expect(recorded()).toEqual({
      argv: ["deploy", "--note", ...hostile],
      cwd: join(root, "apps/svc"),
    });
    for (const name of ["pwned-subshell", "pwned-backtick", "pwned-semicolon", "pwned-quote"]) {
      expect(existsSync(join(root, "apps/svc", name))).toBe(false);
    }
  });

  it("reports the program's failure", async () => {
    vi.stubEnv("EXIT_CODE", "3");
    expect(await runExecutor(options(), context())).toEqual({ success: false });
  });

  it("refuses a stage the contract rejects before the program starts", async () => {
    for (const stage of hostile) {
      for (const args of [["--stage", stage], [`--stage=${stage}`]]) {
        const result = await runExecutor(
          options({ validateStage: true, __unparsed__: args }),
          context(),
        );
        expect(result, JSON.stringify(args)).toEqual({ success: false });
        expect(existsSync(record)).toBe(false);
      }
    }
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining("is not a valid SST stage"));
  });

  it("runs with a valid stage, and checks no stage when the target does not ask for it", async () => {
    const valid = await runExecutor(
      options({ validateStage: true, __unparsed__: ["--stage", "pr-42"] }),
      context(),
    );
    expect(valid).toEqual({ success: true });
    expect(recorded().argv).toEqual(["deploy", "--stage", "pr-42"]);
    const unchecked = await runExecutor(options({ __unparsed__: ["--stage", "a b"] }), context());
    expect(unchecked).toEqual({ success: true });
  });

  it("names the fix when the package or the program is missing", async () => {
    expect(await runExecutor(options({ package: "@acme/nope" }), context())).toEqual({
      success: false,
    });
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining("Run `npm ci`"));
    expect(await runExecutor(options({ bin: "nope" }), context())).toEqual({ success: false });
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('no program "nope"'));
  });
});

describe("stageArgumentProblem", () => {
  it("reads both spellings of --stage and stops at --", () => {
    expect(stageArgumentProblem(["--stage", "pr-42"])).toBeUndefined();
    expect(stageArgumentProblem(["--stage=pr-42"])).toBeUndefined();
    expect(stageArgumentProblem(["--stage", "Bad_Stage!"])).toMatch(/not a valid SST stage/);
    expect(stageArgumentProblem(["--stage=Bad_Stage!"])).toMatch(/not a valid SST stage/);
    expect(stageArgumentProblem(["--stage"])).toMatch(/needs a value/);
    expect(stageArgumentProblem(["--stage", "ok", "--stage", "x y"])).toMatch(/not a valid/);
    expect(stageArgumentProblem(["--", "--stage", "x y"])).toBeUndefined();
  });
});
