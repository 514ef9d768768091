import { bannerLines } from "./banner";
import { handleControlRequest, unknownControlTarget } from "./control/routes";
import { Lifecycle } from "./lifecycle";
import { loadService } from "./load-service";
import { runMigrations } from "./migrations";
import type { ServiceModel } from "./model";
import { cleanLocalData, ensureDir, localPaths } from "./paths";
import { startHandlers } from "./resources/handlers";
import { startLocalEndpoints } from "./resources/local-endpoints";
import { startQueues } from "./resources/queues";
import { Scheduler } from "./scheduler";
import { acquireServeLock } from "./serve-lock";
import { listenForService } from "./service-server";
import { reloadOnChange } from "./watcher";

export type { CronRun } from "./scheduler";

export interface ServeOptions {
  /** The service's folder (`apps/<service>`). */
  appDir: string;
  /** First port tried for the service's HTTP endpoint (0: any free port). @default 3000 */
  port?: number;
  /**
   * The user named `port`: fail with a `PortInUseError` (./ports) when it is taken, instead of taking
   * the next free one.
   */
  exactPort?: boolean;
  /** First port tried for the embedded Postgres (0: any free port). @default 5432 */
  postgresPort?: number;
  /** The stage SST_RESOURCE_App reports. @default "local" */
  stage?: string;
  /** Wipe the data of earlier runs (database, buckets, queues, cron runs) first. */
  clean?: boolean;
  /** Where the model comes from. @default "auto" */
  from?: "auto" | "infra" | "answers";
  /** Delay before a failed message is retried (AWS: the visibility timeout). @default 1000 */
  retryAfterMs?: number;
  /** How long stopping waits for messages being handled. @default 10000 */
  stopGraceMs?: number;
  /** Reload handlers when code changes. @default true */
  watch?: boolean;
  log?: (line: string) => void;
}

export interface RunningService {
  url: string;
  model: ServiceModel;
  stop: () => Promise<void>;
}

/** Every local endpoint listens on loopback only. */
const HOST = "127.0.0.1";

/**
 * Runs one service locally: its functions in child processes with their links resolved to local
 * stand-ins (embedded Postgres, folder-backed buckets, the local queues, secrets from
 * `.local/secrets.json`), its HTTP routes and serve's control endpoints on `port`, its queue
 * consumers, its schedules and a watcher that reloads the handlers when code changes.
 */
export async function serve(options: ServeOptions): Promise<RunningService> {
  const log = options.log ?? ((line: string) => console.log(line));
  const { appDir } = options;
  const stage = options.stage ?? "local";
  const paths = localPaths(appDir);
  const lifecycle = new Lifecycle(log);
  try {
    // 1. Take the service's .local/ for this process (and only then wipe it, if asked).
    ensureDir(paths.root);
    const lock = acquireServeLock(paths, appDir);
    lifecycle.defer("the lock", () => lock.release());
    if (options.clean) {
      cleanLocalData(paths);
      log("Clean start: removed the database, buckets, queues and cron runs in .local/.");
    }

    // 2. The port the links will carry (first: a port the user named and cannot have fails
    // before seconds of evaluation), then what to run.
    const preferred = options.port ?? 3000;
    const server = await listenForService(preferred, HOST, { exact: options.exactPort ?? false });
    lifecycle.defer("the service's endpoint", () => server.stop());
    const serviceUrl = `http://${HOST}:${server.port}`;
    if (preferred !== 0 && server.port !== preferred) {
      log(
        `Port ${preferred} is in use: listening on ${server.port} instead (--port <n> picks one).`,
      );
    }
    const service = await loadService({ appDir, paths, stage, from: options.from ?? "auto", log });
    const { model } = service;

    // 3. The local stand-ins, then the handlers that link them, then what invokes the handlers.
    const { local, buckets } = await startLocalEndpoints({
      service,
      stage,
      paths,
      serviceUrl,
      host: HOST,
      postgresPort: options.postgresPort ?? 5432,
      lifecycle,
      log,
    });
    const handlers = await startHandlers({ model, appDir, local, log });
    lifecycle.defer("the handlers", () => handlers.stop());
    // The schema before the first request or message: the service's Migrator, when it has one.
    await runMigrations(model, (functionId, event) => handlers.invoke(functionId, event), log);
    const queues = startQueues({
      model,
      stage,
      linked: service.linked,
      dir: paths.queues,
      handlers,
      retryAfterMs: options.retryAfterMs ?? 1000,
      ...(options.stopGraceMs !== undefined ? { stopGraceMs: options.stopGraceMs } : {}),
      log,
    });
    lifecycle.defer("the queues", () => queues.stop());
    const scheduler = new Scheduler({
      app: model.app,
      stage,
      crons: model.crons,
      dir: paths.cron,
      invoke: (functionId, event) => handlers.invoke(functionId, event),
      log,
    });
    scheduler.start();
    lifecycle.defer("the scheduler", () => scheduler.stop());

    // 4. Answer requests: serve's control routes, then the service's own.
    const control = {
      model,
      stage,
      instance: lock.record.instance,
      queues: queues.byName,
      scheduler,
    };
    server.serve({
      control: (request, response, body) => handleControlRequest(control, request, response, body),
      routes: model.routes,
      // A queue or cron job name the service does not have, on none of its routes: say which exist.
      notFound: (path) => unknownControlTarget(control, path),
      invoke: (functionId, event) => handlers.invoke(functionId, event),
      log,
    });
    if (options.watch !== false) {
      lifecycle.defer("the file watcher", await reloadOnChange(appDir, handlers, log));
    }

    // 5. Say where everything is: serve.json for the commands, the banner for the user.
    lock.publish({ url: serviceUrl, queues: [...queues.byName.keys()], crons: scheduler.names });
    const banner = bannerLines({
      model,
      url: `http://localhost:${server.port}`,
      queues: [...queues.byName.values()].map((queue) => queue.stats()),
      crons: scheduler.describe(),
      buckets,
      postgres: local.postgres,
      s3Url: local.s3Url,
      dynamoUrl: local.dynamoUrl,
      recoveredFrom: lock.recoveredFrom,
    });
    for (const line of banner) log(line);
    return { url: serviceUrl, model, stop: () => lifecycle.stopAll() };
  } catch (error) {
    await lifecycle.stopAll();
    throw error;
  }
}
