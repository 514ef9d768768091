import { type ChildProcess, spawn } from "node:child_process";

/** What a program printed (stdout and stderr in the order they came) and its exit code. */
export interface CollectedRun {
  code: number;
  output: string;
}

export interface CollectOptions {
  /** Print the output as it comes too (a single task); otherwise it is only collected (a batch). */
  echo?: boolean;
  /** What the program is, for the message when it cannot start ("Vitest", "the TypeScript compiler"). */
  name?: string;
  /** Told of the child once started, e.g. to pass signals on to it. */
  started?: (child: ChildProcess) => void;
}

/** Runs `file` with `args` in `cwd` (no shell) to its end, collecting its output. */
export function runCollecting(
  file: string,
  args: string[],
  cwd: string,
  { echo = false, name = file, started }: CollectOptions = {},
): Promise<CollectedRun> {
  return new Promise((resolvePromise) => {
    // No `env` of its own: the child inherits the environment Nx gave this process, and with it
    // Nx's decision on colours (FORCE_COLOR=true, or FORCE_COLOR=0 and NO_COLOR=1 when the user
    // turned them off; nx/dist/src/tasks-runner/task-env.js), so a program writing to this pipe
    // has colours exactly when it has them in a task Nx runs alone.
    const child = spawn(file, args, { cwd, stdio: ["ignore", "pipe", "pipe"], shell: false });
    started?.(child);
    // Decoded once at the end: a character's bytes may be split across two chunks.
    const chunks: Buffer[] = [];
    const output = () => Buffer.concat(chunks).toString("utf8");
    const collect = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
      chunks.push(chunk);
      if (echo) stream.write(chunk);
    };
    child.stdout.on("data", collect(process.stdout));
    child.stderr.on("data", collect(process.stderr));
    child.on("error", (error) => {
      resolvePromise({
        code: 1,
        output: `${output()}✕ Could not start ${name}: ${error.message}\n`,
      });
    });
    child.on("close", (code, signal) =>
      resolvePromise({ code: code ?? (signal ? 1 : 0), output: output() }),
    );
  });
}
