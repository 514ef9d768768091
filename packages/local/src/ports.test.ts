import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { listenFrom, PortInUseError } from "./ports";

const HOST = "127.0.0.1";
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

/** A server listening on a port the system picks: a port known to be taken. */
async function occupied(): Promise<number> {
  const server = createServer();
  servers.push(server);
  return listenFrom(server, 0, HOST);
}

describe("listenFrom", () => {
  it("takes the next free port when the preferred one is taken", async () => {
    const taken = await occupied();
    const server = createServer();
    servers.push(server);
    const port = await listenFrom(server, taken, HOST);
    expect(port).toBeGreaterThan(taken);
    expect(server.listening).toBe(true);
  });

  it("with exact, refuses a taken port instead of moving on, and listens on nothing", async () => {
    const taken = await occupied();
    const server = createServer();
    servers.push(server);
    const refused = listenFrom(server, taken, HOST, { exact: true });
    await expect(refused).rejects.toBeInstanceOf(PortInUseError);
    await expect(refused).rejects.toMatchObject({ port: taken, host: HOST });
    expect(server.listening).toBe(false);
  });
});
