import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

/**
 * `npm start` in a terminal: Ctrl-C sends SIGINT to every process of the terminal's foreground
 * group. A stand-in for `nx` records the signals it receives and, like Nx stopped by SIGINT
 * without its TUI, would print nothing more after one; on SIGTERM it finishes and says so.
 */
const fakeNx = `
  process.on("SIGINT", () => { console.log("got SIGINT"); process.exit(130); });
  process.on("SIGTERM", () => setTimeout(() => { console.log("Stopped."); process.exit(143); }, 300));
  console.log("serving");
  setInterval(() => {}, 1000);
`;

const supervisor = `
  import { superviseNx } from ${JSON.stringify(`${__dirname}/supervise.mts`)};
  process.exit(await superviseNx(process.execPath, ["-e", ${JSON.stringify(fakeNx)}], process.cwd()));
`;

describe("superviseNx", () => {
  it("turns Ctrl-C into SIGTERM for nx, waits for it to finish, and exits 130", async () => {
    const terminal = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", supervisor],
      {
        // Its own process group, as a terminal's foreground job.
        detached: true,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let screen = "";
    terminal.stdout.on("data", (chunk) => {
      screen += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => terminal.on("exit", resolve));
    while (!screen.includes("serving")) await new Promise((resolve) => setTimeout(resolve, 50));

    process.kill(-(terminal.pid as number), "SIGINT");

    expect(await exited).toBe(130);
    expect(screen).not.toContain("got SIGINT");
    expect(screen).toContain("Stopped.");
  }, 20_000);
});
