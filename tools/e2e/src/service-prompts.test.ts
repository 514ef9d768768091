import { readFileSync } from "node:fs";
import { join } from "node:path";
import { scheduleProblem } from "@acme/contract";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Terminal } from "./terminal";
import { WorkspaceCopy } from "./workspace";

/**
 * `nx g @acme/platform:service` with no options, answered in a terminal (`script` gives it one;
 * what is written to its input is typed), as a person creates a cron job: Nx asks the schema's
 * questions, then the generator asks what depends on the kind.
 */
describe("nx g @acme/platform:service, answered at its prompts", () => {
  let workspace: WorkspaceCopy;
  let terminal: Terminal;
  const badSchedule = "every weekday at 8";
  const schedule = "cron(0/20 8-17 ? * MON-FRI *)";

  beforeAll(() => {
    workspace = new WorkspaceCopy();
    // A terminal of a usual size: script's has none, and the prompts would wrap at each character.
    terminal = new Terminal(
      "stty cols 120 rows 40; npx nx g @acme/platform:service --skipInstall",
      workspace.root,
    );
  });

  afterAll(() => {
    terminal?.kill();
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

    expect(await terminal.exited).toBe(0);
    expect(flat(terminal.screen)).not.toContain(flat("database"));
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
    seen = flat(terminal.screen).length;
    terminal.type(keys);
  }

  function waitFor(text: string, timeoutMs = 120_000): Promise<true> {
    return terminal.waitUntil(
      () => flat(terminal.screen).slice(seen).includes(flat(text)) || undefined,
      `No "${text}" on the screen`,
      timeoutMs,
    );
  }
});
