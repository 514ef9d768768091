import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { ensureDir } from "./paths";

/** How the embedded Postgres is reached, as SST's Postgres link gives it. */
export interface PostgresEndpoint {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
  /** Stops the server and closes the database (flushing it to disk). */
  stop: () => Promise<void>;
}

/** PGlite has one database, `postgres`, and accepts any user and password. */
const PGLITE_DATABASE = "postgres";
const PGLITE_USER = "postgres";

/**
 * Starts PGlite (Postgres compiled to WebAssembly) on `dataDir`, with pglite-socket's wire-protocol
 * server on `preferredPort` or the next free port (0: any free port the system picks), so
 * ordinary clients (`pg`, psql) connect. Its
 * data persists in `dataDir`. Connections are multiplexed onto PGlite's single session: a
 * transaction holds the others until it ends.
 */
export async function startPostgres(options: {
  dataDir: string;
  preferredPort: number;
  host?: string;
}): Promise<PostgresEndpoint> {
  const host = options.host ?? "127.0.0.1";
  const db = await PGlite.create(ensureDir(options.dataDir));
  let server: PGLiteSocketServer | undefined;
  let port = options.preferredPort;
  for (let attempt = 0; attempt < 50; attempt++, port++) {
    const candidate = new PGLiteSocketServer({ db, host, port, maxConnections: 32 });
    try {
      await candidate.start();
      server = candidate;
      // With port 0 the system chose one: "<host>:<port>".
      port = Number(candidate.getServerConn().split(":").at(-1));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") {
        await db.close();
        throw error;
      }
    }
  }
  if (!server) {
    await db.close();
    throw new Error(`No free port for Postgres from ${options.preferredPort}.`);
  }
  const running = server;
  return {
    host,
    port,
    username: PGLITE_USER,
    password: PGLITE_USER,
    database: PGLITE_DATABASE,
    stop: async () => {
      await running.stop();
      await db.close();
    },
  };
}

export function connectionString(endpoint: Omit<PostgresEndpoint, "stop">): string {
  const user = encodeURIComponent(endpoint.username);
  const password = encodeURIComponent(endpoint.password);
  return `postgres://${user}:${password}@${endpoint.host}:${endpoint.port}/${endpoint.database}`;
}
