import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import type { ExecutorContext, TaskGraph } from "@nx/devkit";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import runBatched from "./batch";
import { installFakeProgram } from "../fake-program";
import type { RunExecutorOptions } from "./schema";

/**
 * A program that prints the folder and arguments it ran with (and then the colour variables it
 * got: FORCE_COLOR, NO_COLOR), appends "start"/"end" lines to
 * $LOG with its folder's name, and exits with the code its folder's name ends with, after 150 ms
 * (or $HOLD ms) and (with $MEET) once $LOG holds that many starts, or 5 s have passed.
 */
const program = `#!/usr/bin/env node
const { appendFileSync, readFileSync } = require("node:fs");
const { basename } = require("node:path");
const name = basename(process.cwd());
appendFileSync(process.env.LOG, "start " + name + "\\n");
console.log(JSON.stringify({ cwd: name, argv: process.argv.slice(2) }));
const { FORCE_COLOR = null, NO_COLOR = null } = process.env;
console.log("colour " + JSON.stringify({ FORCE_COLOR, NO_COLOR }));
const until = Date.now() + 5000;
const starts = () => readFileSync(process.env.LOG, "utf8").split("start ").length - 1;
const end = () => {
  if (starts() < Number(process.env.MEET ?? 0) && Date.now() < until) return setTimeout(end, 20);
  appendFileSync(process.env.LOG, "end " + name + "\\n");
  if (name.endsWith("-fails")) console.error("failed on purpose");
  process.exit(name.endsWith("-fails") ? 3 : 0);
};
setTimeout(end, Number(process.env.HOLD ?? 150));
`;

describe("@acme/platform:run-batched, many tasks at once", () => {
  let root: string;
  let log: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "run-batched-"));
    log = join(root, "log.txt");
    writeFileSync(log, "");
    installFakeProgram(root, program);
    for (const app of ["a", "b", "c-fails"])
      mkdirSync(join(root, "apps", app), { recursive: true });
    vi.stubEnv("LOG", log);
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    vi.spyOn(process.stderr, "write").mockImplementation(() => true);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  function batch(apps: string[], dependencies: TaskGraph["dependencies"] = {}) {
    const tasks = Object.fromEntries(
      apps.map((app) => [`${app}:check`, { id: `${app}:check`, target: { project: app } }]),
    );
    const inputs = (userArgs: string[]): Record<string, RunExecutorOptions> =>
      Object.fromEntries(
        apps.map((app) => [
          `${app}:check`,
          {
            package: "@acme/tool",
            bin: "tool",
            args: ["check"],
            cwd: `apps/${app}`,
            validateStage: true,
            __unparsed__: userArgs,
          },
        ]),
      );
    const graph = { roots: [], tasks, dependencies } as unknown as TaskGraph;
    return (userArgs: string[] = []) =>
      runBatched(graph, inputs(userArgs), {} as RunExecutorOptions, { root } as ExecutorContext);
  }

  it("runs each task's program in its folder with its exact arguments, and keeps each verdict", async () => {
    const hostile = ["--stage", "dev", "a$(touch pwned) ; `touch pwned2`"];
    const results = await batch(["a", "b", "c-fails"])(hostile);
    expect(results["a:check"]?.success).toBe(true);
    expect(results["b:check"]?.success).toBe(true);
    expect(results["c-fails:check"]?.success).toBe(false);
    expect(results["c-fails:check"]?.terminalOutput).toContain("failed on purpose");
    for (const app of ["a", "b", "c-fails"]) {
      const first = results[`${app}:check`]?.terminalOutput.split("\n")[0] as string;
      expect(JSON.parse(first)).toEqual({ cwd: app, argv: ["check", ...hostile] });
    }
    expect(existsSync(join(root, "apps/a/pwned"))).toBe(false);
    // Each task's output is printed under its name (Nx shows the batch's own output).
    expect(process.stderr.write).toHaveBeenCalledWith(
      `\n> c-fails:check\n\n${results["c-fails:check"]?.terminalOutput}`,
    );
  });

  it("refuses a bad stage for every task before any program starts", async () => {
    const results = await batch(["a", "b"])(["--stage", "a;b"]);
    for (const id of ["a:check", "b:check"]) {
      expect(results[id]?.success).toBe(false);
      expect(results[id]?.terminalOutput).toMatch(/^✕ .*stage/i);
    }
    expect(readFileSync(log, "utf8")).toBe("");
  });

  it("runs as many programs at once as the machine has cores, and no more", async () => {
    // Each program ends once as many have started as may run at once.
    vi.stubEnv("MEET", String(Math.min(3, availableParallelism())));
    // Long enough for a program started at once to be seen running beside the others.
    vi.stubEnv("HOLD", "1000");
    await batch(["a", "b", "c-fails"])();
    let running = 0;
    let most = 0;
    for (const line of readFileSync(log, "utf8").trim().split("\n")) {
      running += line.startsWith("start ") ? 1 : -1;
      most = Math.max(most, running);
    }
    expect(most).toBe(Math.min(3, availableParallelism()));
  });

  // Nx starts a batch with FORCE_COLOR=true, or for the user's FORCE_COLOR=0 with FORCE_COLOR=0
  // and NO_COLOR=1 (node_modules/nx/dist/src/tasks-runner/task-env.js): each program gets it.
  it.each([
    { FORCE_COLOR: "true", NO_COLOR: null },
    { FORCE_COLOR: "0", NO_COLOR: "1" },
  ])("passes Nx's colour setting on to each program (%o)", async (colour) => {
    vi.stubEnv("FORCE_COLOR", colour.FORCE_COLOR);
    vi.stubEnv("NO_COLOR", colour.NO_COLOR ?? undefined);
    const results = await batch(["a", "b"])();
    for (const id of ["a:check", "b:check"]) {
      expect(results[id]?.terminalOutput.split("\n")[1]).toBe(`colour ${JSON.stringify(colour)}`);
    }
  });

  it("starts a task only after the tasks of the batch it depends on", async () => {
    const results = await batch(["a", "b"], { "b:check": [{ id: "a:check" }] })();
    expect(Object.values(results).map((result) => result.success)).toEqual([true, true]);
    expect(readFileSync(log, "utf8")).toBe("start a\nend a\nstart b\nend b\n");
  });
});
