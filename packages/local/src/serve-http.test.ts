import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { copyFixture, startServe } from "./__fixtures__/serve-process";
import { isPortFree } from "./ports";

const fixture = copyFixture("http");
afterAll(() => fixture.remove());

async function count(connection: string): Promise<number> {
  const client = new pg.Client({ connectionString: connection });
  await client.connect();
  try {
    const { rows } = await client.query("select count(*)::int as n from notes");
    return rows[0].n;
  } finally {
    await client.end();
  }
}

describe("serve: http service with Postgres and a bucket", () => {
  it("serves routes, stores rows and objects, keeps them across restarts, reloads, --clean wipes", async () => {
    const first = await startServe(fixture.dir);
    const connection = await first.waitFor(/Postgres: (postgres:\/\/\S+)/);
    try {
      const health = await fetch(`${first.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: "ok", service: "fixture-http" });
      expect(health.headers.get("x-request-id")).toBeTruthy();

      const created = await fetch(`${first.url}/notes`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "first" }),
      });
      expect(created.status).toBe(201);
      expect(await count(connection)).toBe(1);

      const put = await fetch(`${first.url}/files/a.txt`, { method: "PUT", body: "hello" });
      expect(put.status).toBe(201);
      const object = join(fixture.dir, ".local/buckets/Bucket/uploads/a.txt");
      expect(readFileSync(object, "utf8")).toBe("hello");

      expect((await fetch(`${first.url}/nope`)).status).toBe(404);

      // The S3 endpoint: a failure answers S3's InternalError without paths; web pages are refused.
      const s3 = await first.waitFor(/bucket Bucket \((\S+)\): .* via S3 endpoint (\S+)/);
      const [, bucketName, s3Url] =
        /bucket Bucket \((\S+)\): .* via S3 endpoint (\S+)/.exec(first.output()) ?? [];
      expect(s3).toBeTruthy();
      const underAFile = await fetch(`${s3Url}/${bucketName}/uploads/a.txt/inner`, {
        method: "PUT",
        body: "x",
      });
      expect(underAFile.status).toBe(500);
      const failure = await underAFile.text();
      expect(failure).toContain("<Code>InternalError</Code>");
      expect(failure).not.toContain(fixture.dir);
      expect(failure).not.toMatch(/ENOTDIR|EISDIR|\.local/);
      const fromPage = await fetch(`${s3Url}/${bucketName}/uploads/a.txt`, {
        headers: { origin: "http://evil.example" },
      });
      expect(fromPage.status).toBe(403);
      expect(await fromPage.text()).toContain("<Code>AccessDenied</Code>");

      // Reload on change, without restarting Postgres.
      const handler = join(fixture.dir, "src/handler.ts");
      writeFileSync(handler, readFileSync(handler, "utf8").replace("version: 1", "version: 2"));
      await first.waitFor(/reloaded handlers in \d+ ms/);
      expect(await (await fetch(`${first.url}/version`)).json()).toEqual({ version: 2 });
      expect(await count(connection)).toBe(1);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    expect(await isPortFree(first.port)).toBe(true);
    expect(await isPortFree(Number(new URL(connection).port))).toBe(true);
    expect(existsSync(join(fixture.dir, ".local/serve.json"))).toBe(false);

    // A restart keeps the data.
    const second = await startServe(fixture.dir);
    try {
      expect(await count(await second.waitFor(/Postgres: (postgres:\/\/\S+)/))).toBe(1);
    } finally {
      expect(await second.stop()).toBe(0);
    }

    // --clean starts afresh.
    const third = await startServe(fixture.dir, ["--clean"]);
    try {
      expect(third.output()).toMatch(/Clean start/);
      expect(existsSync(join(fixture.dir, ".local/buckets/Bucket/uploads/a.txt"))).toBe(false);
      await fetch(`${third.url}/notes`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text: "again" }),
      });
      expect(await count(await third.waitFor(/Postgres: (postgres:\/\/\S+)/))).toBe(1);
    } finally {
      expect(await third.stop()).toBe(0);
    }
    expect(await isPortFree(third.port)).toBe(true);
  }, 90_000);
});
