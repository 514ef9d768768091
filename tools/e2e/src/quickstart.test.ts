import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkspaceCopy } from "./workspace";

/**
 * `npm start` (the README's main job) as a user runs it: in a terminal. The other tests run without
 * one, so they never see what only a terminal gets, such as Nx's analytics prompt, which stopped
 * `npm start` and, once answered, rewrote nx.json (issue 8, defect 5). `script` (util-linux) gives
 * the command a pseudo-terminal; what is written to its input is typed into that terminal.
 *
 * It serves the example worker `notifications`: scaffolding `apps/hello` would run
 * `npm install`, which in the copy would write into the source workspace's node_modules (the copy
 * links it).
 */
describe("npm start in a terminal", () => {
  let workspace: WorkspaceCopy;
  let terminal: ChildProcessWithoutNullStreams;
  let screen = "";
  let exited: Promise<number | null>;

  beforeAll(() => {
    workspace = new WorkspaceCopy();
    terminal = spawn("script", ["-qfec", "npm start -- --name notifications", "/dev/null"], {
      cwd: workspace.root,
      // A developer's terminal, not CI: Nx prompts only when it thinks a person is there.
      env: { ...process.env, CI: "false", NX_DAEMON: "false", FORCE_COLOR: "0" },
    });
    terminal.stdout.on("data", (chunk) => {
      screen += stripVTControlCharacters(String(chunk));
    });
    terminal.stderr.on("data", (chunk) => {
      screen += String(chunk);
    });
    exited = new Promise((resolve, reject) => {
      terminal.on("error", (error) =>
        reject(new Error(`Could not start \`script\` (util-linux): ${error.message}`)),
      );
      terminal.on("close", resolve);
    });
  });

  afterAll(() => {
    if (terminal.exitCode === null) terminal.kill("SIGKILL");
    workspace?.remove();
  });

  it("serves the service without asking anything, and stops on Ctrl-C", async () => {
    const port = await waitFor(/Listening on http:\/\/localhost:(\d+)/, 180_000);
    const dlq = await fetch(`http://localhost:${port}/queues/Queue/dlq`);
    expect(dlq.status).toBe(200);

    terminal.stdin.write("\x03");
    expect(await exited).not.toBe(null);
    expect(screen).toContain("Stopped.");
  });

  it("leaves the workspace as it was (nx.json included)", () => {
    expect(workspace.changes()).toEqual([]);
  });

  /** The first group of `pattern` once the terminal shows it; fails fast on a prompt. */
  async function waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(screen);
      if (match) return match[1] ?? match[0];
      if (/usage data|\(y\/n\)/i.test(screen)) {
        throw new Error(`npm start stopped at a prompt:\n${screen.slice(-2000)}`);
      }
      if (terminal.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `npm start did not serve (exit ${terminal.exitCode}):\n${screen.slice(-3000)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});
