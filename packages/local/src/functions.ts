import { type ChildProcess, fork } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { LocalFunction } from "./model";
import { PACKAGE_DIR, packageRequire } from "./package-dir";

/**
 * The handler's process runs host.ts, a file of this package, under tsx: the service's handlers
 * and the workspace packages they import are TypeScript. (Serve itself runs compiled.)
 */
const hostScript = join(PACKAGE_DIR, "src", "host.ts");
const tsxLoader = pathToFileURL(packageRequire.resolve("tsx")).href;

/** An invocation that failed: the handler threw, timed out or could not be loaded. */
export class InvocationError extends Error {
  constructor(
    message: string,
    readonly stackText?: string,
    /** Per message id of an SQS event: why the handler logged it failed. */
    readonly reasons: Record<string, string> = {},
  ) {
    super(message);
    this.name = "InvocationError";
  }
}

/** What an invocation returned, with the failure reasons its handler logged per message id. */
export interface Invocation {
  value: unknown;
  reasons: Record<string, string>;
}

interface Pending {
  resolve: (value: Invocation) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

type HostMessage =
  | { type: "ready" }
  | { type: "load-error"; error: { message: string; stack?: string } }
  | { type: "result"; id: number; ok: true; value: unknown; reasons?: Record<string, string> }
  | {
      type: "result";
      id: number;
      ok: false;
      error: { message: string; stack?: string };
      reasons?: Record<string, string>;
    };

/**
 * Runs one function's handler in its own Node process (with tsx, so TypeScript handlers and
 * workspace packages that ship TypeScript load as they are), with exactly the environment that
 * function gets: its own links and variables, as each Lambda has its own. `reload()` replaces the
 * process; databases and queues, which live in serve's process, are untouched.
 */
export class FunctionHost {
  private child: ChildProcess | undefined;
  private starting: Promise<void> | undefined;
  private loadError: InvocationError | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    readonly fn: LocalFunction,
    private readonly options: {
      appDir: string;
      env: NodeJS.ProcessEnv;
      functionName: string;
      log: (line: string) => void;
    },
  ) {}

  /** Starts the process and loads the handler; resolves when it is loaded (or failed to load). */
  start(): Promise<void> {
    if (this.starting) return this.starting;
    this.loadError = undefined;
    const child = fork(hostScript, [], {
      cwd: this.options.appDir,
      env: {
        ...this.options.env,
        SHIPYARD_HANDLER: this.fn.handler,
        SHIPYARD_FUNCTION_NAME: this.options.functionName,
      },
      execArgv: ["--import", tsxLoader, "--enable-source-maps"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.child = child;
    this.starting = new Promise<void>((resolve) => {
      child.on("message", (message: HostMessage) => {
        if (message.type === "ready") resolve();
        else if (message.type === "load-error") {
          this.loadError = new InvocationError(message.error.message, message.error.stack);
          this.options.log(`✗ ${this.fn.id}: ${message.error.stack ?? message.error.message}`);
          resolve();
        } else if (message.type === "result") this.settle(message);
      });
      child.once("exit", (code, signal) => {
        resolve();
        if (this.child === child) {
          this.child = undefined;
          this.starting = undefined;
        }
        const why = signal ? `signal ${signal}` : `code ${code}`;
        for (const [id, pending] of this.pending) {
          clearTimeout(pending.timer);
          pending.reject(new InvocationError(`The handler's process exited (${why}).`));
          this.pending.delete(id);
        }
      });
    });
    return this.starting;
  }

  /** Invokes the handler with `event`, as Lambda would; rejects with {@link InvocationError}. */
  async invoke(event: unknown): Promise<Invocation> {
    await this.start();
    if (this.loadError) throw this.loadError;
    const child = this.child;
    if (!child?.connected) throw new InvocationError("The handler's process is not running.");
    const id = this.nextId++;
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new InvocationError(`Task timed out after ${this.fn.timeoutSeconds} seconds`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      child.send({ type: "invoke", id, event, timeoutMs });
    });
  }

  /** Replaces the process (code changed): in-flight invocations fail, the next ones use new code. */
  async reload(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    this.starting = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill("SIGKILL"), 2000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      // The host exits when its channel closes; it passes SIGTERM on to serve (host.ts).
      if (child.connected) child.disconnect();
    });
  }

  /** Whether the handler failed to load (syntax error, missing export...). */
  get broken(): boolean {
    return this.loadError !== undefined;
  }

  private settle(message: Extract<HostMessage, { type: "result" }>): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    const reasons = message.reasons ?? {};
    if (message.ok) pending.resolve({ value: message.value, reasons });
    else pending.reject(new InvocationError(message.error.message, message.error.stack, reasons));
  }
}
