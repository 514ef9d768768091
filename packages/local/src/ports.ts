import type { Server } from "node:http";
import { connect, createServer as createNetServer } from "node:net";

/** How many ports above the preferred one are tried before giving up. */
const ATTEMPTS = 50;

/** The port someone asked for is taken. */
export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly host: string,
  ) {
    super(`Port ${port} is in use on ${host}.`);
    this.name = "PortInUseError";
  }
}

/**
 * Listens on `preferred`, or on the next free port above it when it is taken (EADDRINUSE).
 * With `exact`, a taken port is a {@link PortInUseError} instead: the user named it, and a
 * service on another port than the one they asked for would only surprise them.
 * `0` lets the system choose. Returns the port in use.
 */
export async function listenFrom(
  server: Server,
  preferred: number,
  host: string,
  options: { exact?: boolean } = {},
): Promise<number> {
  const attempts = options.exact || preferred === 0 ? 1 : ATTEMPTS;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await listenOn(server, preferred === 0 ? 0 : preferred + attempt, host);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || preferred === 0) throw error;
      if (options.exact) throw new PortInUseError(preferred, host);
    }
  }
  throw new Error(`No free port between ${preferred} and ${preferred + ATTEMPTS - 1}.`);
}

/** Listens on exactly `port` (0: any); resolves with the port in use. */
async function listenOn(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("The server has no port.");
  return address.port;
}

/** Whether something accepts TCP connections on `host:port` (within `timeoutMs`). */
export function isListening(host: string, port: number, timeoutMs = 300): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Whether `port` can be bound on `host` right now (used by tests to check nothing is left). */
export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createNetServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}
