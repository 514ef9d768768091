import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Terminal } from "./terminal";
import { WorkspaceCopy } from "./workspace";

/**
 * `npm start` (the README's main job) as a user runs it: in a terminal. The other tests run without
 * one, so they never see what only a terminal gets, such as Nx's analytics prompt, which stopped
 * `npm start` and, once answered, rewrote nx.json (issue 8, defect 5).
 *
 * It serves the example worker `notifications`: scaffolding `apps/hello` would run
 * `npm install`, which in the copy would write into the source workspace's node_modules (the copy
 * links it).
 */
describe("npm start in a terminal", () => {
  let workspace: WorkspaceCopy;
  let terminal: Terminal;

  beforeAll(() => {
    workspace = new WorkspaceCopy();
    terminal = new Terminal("npm start -- --name notifications", workspace.root);
  });

  afterAll(() => {
    terminal?.kill();
    workspace?.remove();
  });

  it("serves the service without asking anything, and stops on Ctrl-C", async () => {
    const port = await waitFor(/Listening on http:\/\/localhost:(\d+)/, 180_000);
    const dlq = await fetch(`http://localhost:${port}/queues/Queue/dlq`);
    expect(dlq.status).toBe(200);

    terminal.type("\x03");
    expect(await terminal.exited).not.toBe(null);
    expect(terminal.screen).toContain("Stopped.");
  });

  it("leaves the workspace as it was (nx.json included)", () => {
    expect(workspace.changes()).toEqual([]);
  });

  /** The first group of `pattern` once the terminal shows it; fails fast on a prompt. */
  function waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
    return terminal.waitUntil(
      () => {
        if (/usage data|\(y\/n\)/i.test(terminal.screen)) {
          throw new Error(`npm start stopped at a prompt:\n${terminal.screen.slice(-2000)}`);
        }
        const match = pattern.exec(terminal.screen);
        return match ? (match[1] ?? match[0]) : undefined;
      },
      "npm start did not serve",
      timeoutMs,
    );
  }
});
