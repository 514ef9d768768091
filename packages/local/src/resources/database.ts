import type { LinkedResource, ServiceModel } from "../model";
import { isListening } from "../ports";
import { type PostgresEndpoint, startPostgres } from "../postgres";

export interface Database {
  endpoint: Omit<PostgresEndpoint, "stop"> | undefined;
  stop: () => Promise<void>;
}

/**
 * The Postgres the service links: the server the infra's `dev` settings name when one answers
 * there, else embedded PGlite on `.local/postgres`, on `preferredPort` or the next free port
 * (0: any free port).
 */
export async function startDatabase(options: {
  model: ServiceModel;
  linked: ReadonlySet<string>;
  dataDir: string;
  preferredPort: number;
  log: (line: string) => void;
}): Promise<Database> {
  const link = options.model.links.find(
    (l) => l.type === "sst.aws.Postgres" && options.linked.has(l.name),
  );
  if (!link) return { endpoint: undefined, stop: async () => {} };
  const dev = await devPostgres(link);
  if (dev) {
    options.log(
      `Postgres: using the server named by the infra's dev settings at ${dev.host}:${dev.port}.`,
    );
    return { endpoint: dev, stop: async () => {} };
  }
  options.log("Starting embedded Postgres (PGlite)...");
  const started = Date.now();
  const endpoint = await startPostgres({
    dataDir: options.dataDir,
    preferredPort: options.preferredPort,
  });
  options.log(`Postgres ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return { endpoint, stop: () => endpoint.stop() };
}

/**
 * The Postgres the infra's `dev` settings name, when the evaluation exposes them (a `dev` object on
 * the link) and a server answers there.
 */
async function devPostgres(
  link: LinkedResource,
): Promise<Omit<PostgresEndpoint, "stop"> | undefined> {
  const dev = link.properties.dev as
    | { host?: string; port?: number; username?: string; password?: string; database?: string }
    | undefined;
  if (!dev) return undefined;
  const host = dev.host ?? "localhost";
  const port = dev.port ?? 5432;
  if (!(await isListening(host, port))) return undefined;
  return {
    host,
    port,
    username: dev.username ?? "postgres",
    password: dev.password ?? "",
    database: dev.database ?? "postgres",
  };
}
