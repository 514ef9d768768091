import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { output, WorkspaceCopy } from "./workspace";

/**
 * No inferred target passes what a user types through a shell (issue 9): `nx deploy <service>
 * --stage 'a$(touch pwned)'` once ran `touch`. Here hostile stages, project names and extra
 * arguments go through the real `nx` into a stand-in `sst` that records the bytes it receives.
 */
const standIn = `#!/usr/bin/env node
require("node:fs").appendFileSync(process.env.SST_CALLS, JSON.stringify(process.argv.slice(2)) + "\\n");
`;

/** Each would create a file named `pwned…` if a shell ever read it. */
const hostile = [
  "a$(touch pwned-subshell)",
  "a`touch pwned-backtick`",
  "a; touch pwned-semicolon",
  "a' ; touch pwned-quote ; '",
  'a" ; touch pwned-dquote ; "',
  "a\ntouch pwned-newline",
  "a && touch pwned-and | touch pwned-pipe",
  "$HOME $PATH * ?",
];

describe("user input never reaches a shell", () => {
  let workspace: WorkspaceCopy;
  let calls: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    workspace = new WorkspaceCopy();
    const base = join(workspace.root, "..", workspace.root.split("/").pop() as string);
    calls = `${base}-calls.jsonl`;
    writeFileSync(`${base}-sst.cjs`, standIn);
    chmodSync(`${base}-sst.cjs`, 0o755);
    env = { SHIPYARD_SST_BIN: `${base}-sst.cjs`, SST_CALLS: calls };
  });
  afterAll(() => workspace?.remove());

  function nx(...args: string[]) {
    writeFileSync(calls, "");
    return workspace.run(join(workspace.root, "node_modules", ".bin", "nx"), args, env);
  }
  const recorded = (): string[][] =>
    readFileSync(calls, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  /** Files a shell would have created, anywhere in the copy. */
  function pwned(dir = workspace.root): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      if (entry.name === "node_modules" || entry.name === ".git" || entry.name === ".sst")
        return [];
      const path = join(dir, entry.name);
      if (entry.name.startsWith("pwned")) return [path];
      return entry.isDirectory() ? pwned(path) : [];
    });
  }

  it("refuses every hostile stage before SST runs, and runs nothing", () => {
    // Every hostile stage on deploy; both spellings of --stage; each other target that takes one.
    const runs: [string, string[]][] = hostile.map((stage) => ["deploy", ["--stage", stage]]);
    runs.push(["remove", [`--stage=${hostile[1]}`]]);
    for (const target of ["dev", "infra", "build", "serve", "link-types"]) {
      runs.push([target, ["--stage", hostile[0] as string]]);
    }
    for (const [target, args] of runs) {
      const result = nx(target, "@acme/orders", ...args);
      expect(result.status, `${target} ${args.join(" ")}`).not.toBe(0);
      expect(output(result), `${target} ${args.join(" ")}`).toContain("is not a valid SST stage");
      expect(recorded()).toEqual([]);
    }
    expect(pwned()).toEqual([]);
  });

  it("passes hostile extra arguments to the program byte for byte", () => {
    const args = hostile.flatMap((value) => ["--note", value, value]);
    const result = nx("deploy", "@acme/orders", "--stage", "pr-42", ...args);
    expect(result.status, output(result)).toBe(0);
    expect(recorded()).toEqual([["deploy", "--stage", "pr-42", ...args]]);
    expect(pwned()).toEqual([]);
  });

  it("runs nothing for a hostile project name", () => {
    for (const name of hostile.slice(0, 3)) {
      const result = nx("deploy", name, "--stage", "pr-42");
      expect(result.status).not.toBe(0);
      expect(existsSync(calls) ? recorded() : []).toEqual([]);
    }
    expect(pwned()).toEqual([]);
  });
});
