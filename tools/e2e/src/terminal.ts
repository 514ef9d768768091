import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { stripVTControlCharacters } from "node:util";

/**
 * A command run in a pseudo-terminal, as a person runs it: `script` (util-linux) gives it one, and
 * what {@link type} writes is typed into it. The other tests run without a terminal, so they never
 * see what only a terminal gets (Nx's prompts, the generator's questions, Ctrl-C).
 */
export class Terminal {
  /** Everything the command printed, colours and cursor moves stripped. */
  screen = "";
  readonly exited: Promise<number | null>;
  private readonly process: ChildProcessWithoutNullStreams;

  constructor(command: string, cwd: string) {
    this.process = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd,
      // A developer's terminal, not CI: Nx and the generators ask only when a person is there.
      env: { ...process.env, CI: "false", NX_DAEMON: "false", FORCE_COLOR: "0" },
    });
    this.process.stdout.on("data", (chunk) => {
      this.screen += stripVTControlCharacters(String(chunk));
    });
    this.process.stderr.on("data", (chunk) => {
      this.screen += String(chunk);
    });
    this.exited = new Promise((resolve, reject) => {
      this.process.on("error", (error) =>
        reject(new Error(`Could not start \`script\` (util-linux): ${error.message}`)),
      );
      this.process.on("close", resolve);
    });
  }

  get exitCode(): number | null {
    return this.process.exitCode;
  }

  type(keys: string): void {
    this.process.stdin.write(keys);
  }

  /** Polls `found` every 100 ms until it returns a value; fails with the screen's end. */
  async waitUntil<T>(found: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = found();
      if (value !== undefined) return value;
      if (this.exitCode !== null || Date.now() > deadline) {
        throw new Error(`${what} (exit ${this.exitCode}):\n${this.screen.slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  kill(): void {
    if (this.process.exitCode === null) this.process.kill("SIGKILL");
  }
}
