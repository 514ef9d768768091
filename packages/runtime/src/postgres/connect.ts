import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { resource } from "../resources";

/** What SST's `Postgres` link gives a function (see the service's sst-env.d.ts). */
export interface PostgresLink {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
}

/** Hosts where Postgres runs on the developer's machine (nx serve, sst dev), without TLS. */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1"]);

/**
 * The node-postgres pool settings for one Lambda container. A container runs one invocation at a
 * time, so one connection is enough (more would only use up the database's connection slots as
 * Lambda scales out). RDS requires TLS; its certificates chain to Amazon's RDS CA, which Node does
 * not trust by default, so the connection is encrypted inside the VPC without verifying the CA
 * (ADR 0007). Local servers have no TLS.
 */
export function poolConfig(link: PostgresLink): pg.PoolConfig {
  return {
    host: link.host,
    port: link.port,
    user: link.username,
    password: link.password,
    database: link.database,
    max: 1,
    // A frozen container's connection may be gone when it thaws: give up fast and reconnect.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 60_000,
    allowExitOnIdle: true,
    ssl: LOCAL_HOSTS.has(link.host) ? false : { rejectUnauthorized: false },
  };
}

/** A pool that does not crash the process when the server drops an idle connection. */
export function createPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  // node-postgres emits "error" for idle clients the server closed (RDS restarts, a frozen
  // Lambda's socket timing out); unhandled, that event would end the process. The pool
  // already discards the client; the next query opens a new connection.
  pool.on("error", () => {});
  return pool;
}

/** A Kysely query builder over node-postgres, for a pool you configure yourself. */
export function databaseFromPool<Schema>(pool: pg.Pool | (() => Promise<pg.Pool>)): Kysely<Schema> {
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * The database of a linked SST `Postgres` (`link: [database]` in infra/index.ts), as a typed
 * Kysely query builder. Nothing connects until the first query, so create it at module level
 * (outside the handler) and Lambda reuses the connection across invocations.
 *
 * @example
 * ```ts
 * const db = connectPostgres<Database>("Database");
 * const rows = await db.selectFrom("items").selectAll().execute();
 * ```
 */
export function connectPostgres<Schema>(link: string): Kysely<Schema> {
  return databaseFromPool<Schema>(async () =>
    createPool(poolConfig(resource(link as never) as PostgresLink)),
  );
}
