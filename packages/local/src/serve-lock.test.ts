import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDir, localPaths } from "./paths";
import { acquireServeLock, readServeRecord, ServeLockedError } from "./serve-lock";

const appDir = mkdtempSync(join(tmpdir(), "serve-lock-"));
afterAll(() => rmSync(appDir, { recursive: true, force: true }));
const paths = localPaths(appDir);
ensureDir(paths.root);

describe("acquireServeLock", () => {
  it("lets one serve hold .local/ and tells a second who holds it and how to stop it", () => {
    const lock = acquireServeLock(paths, appDir);
    lock.publish({ url: "http://127.0.0.1:4321", queues: ["Queue"], crons: [] });
    expect(readServeRecord(paths)).toMatchObject({
      pid: process.pid,
      url: "http://127.0.0.1:4321",
    });
    let refusal: unknown;
    try {
      acquireServeLock(paths, appDir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ServeLockedError);
    expect(String(refusal)).toContain(`pid ${process.pid}, listening on http://127.0.0.1:4321`);
    expect(String(refusal)).toContain(`kill ${process.pid}`);
    lock.release();
    expect(readServeRecord(paths)).toBeUndefined();
    const again = acquireServeLock(paths, appDir);
    again.release();
  });

  it("reports the serve that died without cleaning up, and replaces its record", () => {
    const dead = 2 ** 22 + 12_345; // Above Linux's default pid_max: no such process.
    writeFileSync(
      paths.state,
      JSON.stringify({
        pid: dead,
        instance: "old",
        startedAt: "",
        appDir,
        url: "http://127.0.0.1:1",
      }),
    );
    const lock = acquireServeLock(paths, appDir);
    expect(lock.recoveredFrom).toBe(dead);
    expect(readServeRecord(paths)?.instance).toBe(lock.record.instance);
    lock.release();
  });
});
