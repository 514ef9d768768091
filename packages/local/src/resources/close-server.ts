import type { Server } from "node:http";

/** Closes a server and the connections it holds (keep-alive ones would hold it open). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
