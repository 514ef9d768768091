import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
/** The `shipyard-serve` launcher, as `nx serve` runs it. */
export const serveBin = join(here, "..", "..", "bin", "shipyard-serve.mjs");

/**
 * Copies a fixture service to `packages/local/tmp/` (git-ignored, inside the workspace so that
 * `@acme/runtime` and `pg` resolve) and returns its folder.
 */
export function copyFixture(name: string): { dir: string; remove: () => void } {
  const dir = join(here, "..", "..", "tmp", `${name}-${process.pid}-${Date.now()}`);
  mkdirSync(dirname(dir), { recursive: true });
  cpSync(join(here, name), dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Copies a service of the workspace (`apps/<name>`, generated from the templates and kept equal
 * to them by CI) to `packages/local/tmp/`, without its `.sst` link or local data.
 */
export function copyService(name: string): { dir: string; remove: () => void } {
  const source = join(here, "..", "..", "..", "..", "apps", name);
  const dir = join(here, "..", "..", "tmp", `${name}-${process.pid}-${Date.now()}`);
  mkdirSync(dirname(dir), { recursive: true });
  cpSync(source, dir, {
    recursive: true,
    filter: (path) => !/[/\\](\.sst|\.local|node_modules)$/.test(path),
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ServeProcess {
  child: ChildProcess;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  url: string;
  port: number;
  output: () => string;
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  stop: () => Promise<number | null>;
}

/**
 * Starts `shipyard-serve` in `dir` and resolves once it prints where it listens. Its ports are
 * chosen by the system at run time (`--port 0 --postgres-port 0`, unless `args` set them), so
 * tests never collide with each other or with a serve the developer is running.
 * `detached` starts it in its own process group, as a terminal does, for Ctrl-C tests; `env` adds
 * to its environment.
 */
export async function startServe(
  dir: string,
  args: string[] = [],
  options: { detached?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<ServeProcess> {
  const ports = [
    ...(args.includes("--port") ? [] : ["--port", "0"]),
    ...(args.includes("--postgres-port") ? [] : ["--postgres-port", "0"]),
  ];
  const child = spawn(process.execPath, [serveBin, ...ports, ...args], {
    cwd: dir,
    env: { ...process.env, NODE_NO_WARNINGS: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  let text = "";
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString("utf8");
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const waitFor = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(text);
        if (match) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(match[1] ?? match[0]);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`Timed out waiting for ${pattern} in:\n${text}`));
      }, timeoutMs);
      waiters.add(check);
      void exited.then(() => {
        if (!waiters.has(check)) return;
        waiters.delete(check);
        clearTimeout(timer);
        reject(new Error(`serve exited before ${pattern}:\n${text}`));
      });
      check();
    });
  // Start-up evaluates the infra and loads handlers: seconds when idle, far more on a busy CI
  // machine, where a short wait fails for load rather than behaviour.
  const port = Number(await waitFor(/Listening on http:\/\/localhost:(\d+)/, 120_000));
  await waitFor(/Ctrl-C stops everything\./); // The banner's last line: everything is up.
  return {
    child,
    exited,
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => text,
    waitFor,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
  };
}
