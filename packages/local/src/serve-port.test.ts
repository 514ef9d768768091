import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyFixture, serveBin } from "./__fixtures__/serve-process";
import { listenFrom } from "./ports";
import { serve } from "./serve";

const fixture = copyFixture("cron");
/** Something else listening: the port the tests find taken. */
const blocker: Server = createServer();
let taken: number;
beforeAll(async () => {
  taken = await listenFrom(blocker, 0, "127.0.0.1");
});
afterAll(async () => {
  await new Promise((resolve) => blocker.close(resolve));
  fixture.remove();
});

/** Runs `shipyard-serve` in the fixture to its exit (it must exit by itself), with its output. */
function serveToExit(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [serveBin, ...args], {
    cwd: fixture.dir,
    env: { ...process.env, PORT: undefined, NODE_NO_WARNINGS: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  // A serve that does not refuse would run until stopped: stop it, and the test fails on its code.
  const timer = setTimeout(() => child.kill("SIGTERM"), 60_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe("serve: a port the user names", () => {
  it("fails with the port, that it is in use and the fix, when --port or PORT names a taken one", async () => {
    const flag = await serveToExit(["--port", String(taken), "--postgres-port", "0"]);
    expect(flag.output).toContain(
      `shipyard-serve: Port ${taken} is in use on 127.0.0.1: you asked for it with --port ${taken}. Stop what uses it, pass another --port, or leave --port out to take the next free port from 3000.`,
    );
    expect(flag.output).not.toContain("Listening on");
    expect(flag.code).toBe(1);
    // Nothing half-started stays behind: no record for `shipyard-send` to find.
    expect(existsSync(join(fixture.dir, ".local", "serve.json"))).toBe(false);

    const variable = await serveToExit(["--postgres-port", "0"], { PORT: String(taken) });
    expect(variable.output).toContain(
      `Port ${taken} is in use on 127.0.0.1: you asked for it with PORT=${taken} in the environment. Stop what uses it, set another PORT, or unset PORT`,
    );
    expect(variable.code).toBe(1);
  });

  it("without one, takes the next free port and says which, and why", async () => {
    const lines: string[] = [];
    const running = await serve({
      appDir: fixture.dir,
      port: taken,
      postgresPort: 0,
      watch: false,
      log: (line) => lines.push(line),
    });
    try {
      const chosen = Number(new URL(running.url).port);
      expect(chosen).toBeGreaterThan(taken);
      expect(lines).toContain(
        `Port ${taken} is in use: listening on ${chosen} instead (--port <n> picks one).`,
      );
    } finally {
      await running.stop();
    }
  });
});
