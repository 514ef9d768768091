import { spawn } from "node:child_process";

/** What reaches `npm start` when the user stops it: Ctrl-C, `kill`, or the terminal closing. */
const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * Runs `nx` (an argument array, no shell) until it exits, and stops it with SIGTERM whatever the
 * user sent; resolves with the exit code `npm start` should end with (130 after Ctrl-C).
 *
 * Why not let Ctrl-C reach Nx: stopped by SIGINT without its TUI, Nx silences its own output
 * before stopping its tasks (so the prompt of a wrapper that exits first stays clean), and with
 * `--output-style=stream` a task's output goes through Nx's. The user would never see serve
 * finish the work in progress and say `Stopped.`. On SIGTERM Nx keeps printing, stops the task's
 * process tree and waits for it (up to NX_PROCESS_KILL_GRACE_PERIOD, 5 s by default). So Nx runs
 * in its own process group, which the terminal's Ctrl-C does not reach, and this process, which
 * waits for Nx, passes the stop on.
 */
export function superviseNx(command: string, args: string[], cwd: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: "inherit", detached: true });
    let stoppedBy: NodeJS.Signals | undefined;
    const stop = (signal: NodeJS.Signals) => {
      stoppedBy ??= signal;
      child.kill("SIGTERM");
    };
    for (const signal of STOP_SIGNALS) process.on(signal, stop);
    const done = (code: number) => {
      for (const signal of STOP_SIGNALS) process.off(signal, stop);
      resolve(code);
    };
    child.on("error", (error) => {
      console.error(`✕ Could not start ${command}: ${error.message}`);
      done(1);
    });
    child.on("exit", (code) => {
      if (stoppedBy === "SIGINT") done(130);
      else done(code ?? 1);
    });
  });
}
