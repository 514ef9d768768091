import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixture, type ServeProcess, startServe } from "./__fixtures__/serve-process";

const fixture = copyFixture("worker");
const other = copyFixture("worker");
afterAll(() => {
  fixture.remove();
  other.remove();
});
const sendBin = join(import.meta.dirname, "..", "bin", "shipyard-send.mjs");

/** Kills serve as `kill -9` would: no clean-up (its handler processes end with it). */
async function kill(serve: ServeProcess): Promise<void> {
  serve.child.kill("SIGKILL");
  await serve.exited;
}

async function send(dir: string, body: string) {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [sendBin, body], { cwd: dir });
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: `${failed.stdout}${failed.stderr}` };
  }
}

describe("serve: one serve per service", () => {
  it("refuses a second serve of the same service, naming the first and how to stop it", async () => {
    const first = await startServe(fixture.dir);
    try {
      const second = startServe(fixture.dir);
      await expect(second).rejects.toThrow(
        new RegExp(
          `Another shipyard-serve \\(pid ${first.child.pid}, listening on http://127\\.0\\.0\\.1:${first.port}[^)]*\\)[\\s\\S]*kill ${first.child.pid}`,
        ),
      );
      // The first is untouched: it still takes and handles messages.
      const sent = await send(fixture.dir, '{"n":1}');
      expect(sent.code).toBe(0);
    } finally {
      expect(await first.stop()).toBe(0);
    }
  });

  it("takes over from a serve that was killed, and shipyard-send never reaches whatever took its port", async () => {
    const killed = await startServe(fixture.dir);
    await kill(killed);
    expect(existsSync(join(fixture.dir, ".local/serve.json"))).toBe(true);

    // Another service's serve now listens where the killed one did.
    const elsewhere = await startServe(other.dir, ["--port", String(killed.port)]);
    try {
      expect(elsewhere.port).toBe(killed.port);
      const sent = await send(fixture.dir, '{"lost":true}');
      expect(sent.code).toBe(1);
      expect(sent.output).toMatch(/is not being served: start it with `nx serve <service>`/);
      const stats = (await (await fetch(`${elsewhere.url}/queues/Queue`)).json()) as Record<
        string,
        number
      >;
      expect(stats.visible + stats.waiting).toBe(0);
      const attempts = join(other.dir, ".local/attempts.log");
      expect(existsSync(attempts) ? readFileSync(attempts, "utf8") : "").toBe("");
    } finally {
      expect(await elsewhere.stop()).toBe(0);
    }

    // The killed serve's lock died with it: a new serve starts and says so.
    const next = await startServe(fixture.dir);
    try {
      expect(next.output()).toContain(
        `The previous serve, pid ${killed.child.pid}, did not stop cleanly`,
      );
      expect((await send(fixture.dir, '{"n":2}')).code).toBe(0);
    } finally {
      expect(await next.stop()).toBe(0);
    }
    expect(existsSync(join(fixture.dir, ".local/serve.json"))).toBe(false);
  });
});
