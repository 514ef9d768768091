import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { scheduleProblem } from "@acme/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkspaceCopy } from "./workspace";

/**
 * `nx g @acme/platform:service` with no options, answered in a terminal (`script` gives it one;
 * what is written to its input is typed), as a person creates a cron job: Nx asks the schema's
 * questions, then the generator asks what depends on the kind.
 */
describe("nx g @acme/platform:service, answered at its prompts", () => {
  let workspace: WorkspaceCopy;
  let terminal: ChildProcessWithoutNullStreams;
  let screen = "";
  let exited: Promise<number | null>;
  const badSchedule = "every weekday at 8";
  const schedule = "cron(0/20 8-17 ? * MON-FRI *)";

  beforeAll(() => {
    workspace = new WorkspaceCopy();
    terminal = spawn(
      "script",
      // A terminal of a usual size: script's has none, and the prompts would wrap at each character.
      [
        "-qfec",
        "stty cols 120 rows 40; npx nx g @acme/platform:service --skipInstall",
        "/dev/null",
      ],
      {
        cwd: workspace.root,
        // A developer's terminal, not CI: Nx and the generator ask only when a person is there.
        env: { ...process.env, CI: "false", NX_DAEMON: "false", FORCE_COLOR: "0" },
      },
    );
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

  it("asks name, kind, owner, description, then when the job runs (re-asking a bad schedule) and whether it has a bucket", async () => {
    await answer("What is the service's name", "nightly-ledger\r");
    await answer("What kind of service is it", "cron\r");
    await answer("Which team owns it", "finance\r");
    await answer("Describe the service", "\r");
    await answer("When does it run", `${badSchedule}\r`);
    // The contract's parser refuses it, its message shows, and the question stays open.
    await waitFor(scheduleProblem(badSchedule) ?? "no problem?");
    await answer("When does it run", `\x15${schedule}\r`); // Ctrl-U clears the bad answer
    await answer("Does it write its report to an S3 bucket", "y");

    expect(await exited).toBe(0);
    expect(flat(screen)).not.toContain(flat("database"));
  });

  it("writes the cron job with the answers", () => {
    const service = join(workspace.root, "apps", "nightly-ledger");
    const manifest = JSON.parse(readFileSync(join(service, "package.json"), "utf8"));
    expect(manifest.shipyard.answers).toEqual({
      name: "nightly-ledger",
      kind: "cron",
      owner: "finance",
      description: "The nightly-ledger scheduled job.",
      database: "none",
      bucket: true,
      schedule,
    });
    const infra = readFileSync(join(service, "infra", "index.ts"), "utf8");
    expect(infra).toContain(`schedule: "${schedule}"`);
    expect(infra).toContain("Bucket");
    const changes = workspace.changes();
    expect(changes).toContain("?? apps/nightly-ledger/src/job.ts");
    expect(changes.filter((line) => !line.startsWith("?? apps/nightly-ledger/"))).toEqual([
      " M CODEOWNERS",
    ]);
  });

  /** Letters and digits only: the prompts redraw with cursor moves between the characters. */
  function flat(text: string): string {
    return text.replace(/[^A-Za-z0-9]/g, "");
  }

  /** Waits for `question` on the screen, after what was seen so far, then types `keys`. */
  let seen = 0;
  async function answer(question: string, keys: string): Promise<void> {
    await waitFor(question);
    seen = flat(screen).length;
    terminal.stdin.write(keys);
  }

  async function waitFor(text: string, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!flat(screen).slice(seen).includes(flat(text))) {
      if (terminal.exitCode !== null || Date.now() > deadline) {
        throw new Error(
          `No "${text}" on the screen (exit ${terminal.exitCode}):\n${screen.slice(-3000)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});
