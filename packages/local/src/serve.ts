import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join, relative } from "node:path";
import { watch } from "chokidar";
import { FunctionHost, InvocationError } from "./functions";
import {
  type CompiledRoute,
  compileRoute,
  matchRoute,
  readBody,
  sendJson,
  toApiGatewayEvent,
  writeLambdaResult,
} from "./http";
import { type LinkedResource, loadModel, type ServiceModel } from "./model";
import { cleanLocalData, ensureDir, localPaths } from "./paths";
import { isListening, listenFrom } from "./ports";
import { startDynamoStandIn } from "./dynamo";
import { runMigrations } from "./migrations";
import { connectionString, type PostgresEndpoint, startPostgres } from "./postgres";
import { LocalQueue } from "./queue";
import { createS3Handler, type LocalBucket } from "./s3";
import { findWorkspaceRoot, parseSchedule, type Schedule } from "@acme/contract";

export interface ServeOptions {
  /** The service's folder (`apps/<service>`). */
  appDir: string;
  /** First port tried for the service's HTTP endpoint. @default 3000 */
  port?: number;
  /** First port tried for the embedded Postgres. @default 5432 */
  postgresPort?: number;
  /** The stage SST_RESOURCE_App reports. @default "local" */
  stage?: string;
  /** Wipe the data of earlier runs (database, buckets, queues, cron runs) first. */
  clean?: boolean;
  /** Where the model comes from. @default "auto" */
  from?: "auto" | "infra" | "answers";
  /** Delay before a failed message is retried (AWS: the visibility timeout). @default 1000 */
  retryAfterMs?: number;
  /** Reload handlers when code changes. @default true */
  watch?: boolean;
  log?: (line: string) => void;
}

export interface RunningService {
  url: string;
  model: ServiceModel;
  stop: () => Promise<void>;
}

/** One recorded run of a cron job, kept in `.local/cron/<Name>.json`. */
export interface CronRun {
  trigger: "schedule" | "manual";
  startedAt: string;
  durationMs: number;
  ok: boolean;
  error?: string;
}

const HOST = "127.0.0.1";

/** The physical bucket name app code sees (S3 names are lower-case). */
function localBucketName(app: string, stage: string, name: string): string {
  return `${app}-${stage}-${name}`.toLowerCase().replace(/[^a-z0-9.-]/g, "-");
}

/**
 * Runs one service locally: its functions in child processes with their links resolved to local
 * resources (embedded Postgres, folder-backed buckets, disk-backed queues, secrets from
 * `.local/secrets.json`), its HTTP routes on `port`, its queue consumers and its schedules.
 */
export async function serve(options: ServeOptions): Promise<RunningService> {
  const log = options.log ?? ((line: string) => console.log(line));
  const appDir = options.appDir;
  const stage = options.stage ?? "local";
  const paths = localPaths(appDir);
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      try {
        await stop();
      } catch (error) {
        log(`while stopping: ${String(error)}`);
      }
    }
  };

  try {
    if (options.clean) {
      cleanLocalData(paths);
      log("Clean start: removed the database, buckets, queues and cron runs in .local/.");
    }
    ensureDir(paths.root);

    const model = await loadModel(appDir, {
      stage,
      from: options.from ?? "auto",
      progress: log,
    });
    for (const warning of model.warnings) log(`! ${warning}`);

    const secrets = readSecrets(paths.secrets);
    const linked = new Set(model.functions.flatMap((fn) => fn.links));
    const missing = model.links.filter(
      (link) => link.type === "sst.sst.Secret" && linked.has(link.name) && !(link.name in secrets),
    );
    if (missing.length > 0) {
      const file = relative(process.cwd(), paths.secrets) || paths.secrets;
      throw new Error(
        `No local value for the secret(s) ${missing.map((s) => s.name).join(", ")}. Add them to ${file}, e.g. ${JSON.stringify(Object.fromEntries(missing.map((s) => [s.name, "<value>"])))} (the file is git-ignored; keep it out of commits).`,
      );
    }

    // The service's endpoint: routes, queue and cron controls.
    const server = createServer();
    // The port is taken first (links carry it), the handlers load after: a request that arrives
    // in between gets a 503 to retry, instead of a connection that never answers.
    const whileStarting = (_request: IncomingMessage, response: ServerResponse) => {
      response.writeHead(503, { "content-type": "application/json", "retry-after": "1" });
      response.end(JSON.stringify({ message: "The service is starting; try again in a moment." }));
    };
    server.on("request", whileStarting);
    const port = await listenFrom(server, options.port ?? 3000, HOST);
    const url = `http://localhost:${port}`;
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );

    // Buckets: folders behind a minimal S3 endpoint.
    const buckets: LocalBucket[] = model.links
      .filter((link) => link.type === "sst.aws.Bucket" && linked.has(link.name))
      .map((link) => ({
        name: link.name,
        bucketName: localBucketName(model.app, stage, link.name),
        dir: join(paths.buckets, link.name),
      }));
    let s3Url: string | undefined;
    if (buckets.length > 0) {
      const s3 = createServer((req, res) => {
        createS3Handler(buckets)(req, res).catch((error) => {
          res.writeHead(500);
          res.end(String(error));
        });
      });
      const s3Port = await listenFrom(s3, 0, HOST);
      s3Url = `http://${HOST}:${s3Port}`;
      stops.push(() => closeServer(s3));
    }

    // DynamoDB tables: dynalite under .local/dynamo (src/dynamo.ts).
    const tables = model.links.filter((l) => l.type === "sst.aws.Dynamo" && linked.has(l.name));
    const dynamo =
      tables.length === 0
        ? undefined
        : await startDynamoStandIn({
            tables: tables.map((t) => t.name),
            physicalName: (name) => localBucketName(model.app, stage, name),
            dataDir: join(paths.root, "dynamo"),
          });
    if (dynamo) stops.push(dynamo.stop);

    // Postgres: the infra's dev server when one answers, else embedded PGlite.
    const databases = model.links.filter(
      (link) => link.type === "sst.aws.Postgres" && linked.has(link.name),
    );
    let postgres: Omit<PostgresEndpoint, "stop"> | undefined;
    if (databases.length > 0) {
      const dev = await devPostgres(databases[0]);
      if (dev) {
        postgres = dev;
        log(
          `Postgres: using the server named by the infra's dev settings at ${dev.host}:${dev.port}.`,
        );
      } else {
        log("Starting embedded Postgres (PGlite)...");
        const started = Date.now();
        const endpoint = await startPostgres({
          dataDir: paths.postgres,
          preferredPort: options.postgresPort ?? 5432,
        });
        stops.push(() => endpoint.stop());
        postgres = endpoint;
        log(`Postgres ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      }
    }

    // Queues: every queue the model knows (subscribed or only linked).
    const queueNames = new Set([
      ...model.queues.map((q) => q.name),
      ...model.links
        .filter((l) => l.type === "sst.aws.Queue" && linked.has(l.name))
        .map((l) => l.name),
    ]);
    for (const q of model.queues) if (q.deadLetterQueue) queueNames.delete(q.deadLetterQueue);

    // Links → SST_RESOURCE_<Name>, exactly the properties SST gives each type.
    const resourceEnv = (link: LinkedResource): Record<string, unknown> => {
      switch (link.type) {
        case "sst.aws.Postgres":
          return {
            database: postgres?.database,
            username: postgres?.username,
            password: postgres?.password,
            port: postgres?.port,
            host: postgres?.host,
            type: link.type,
          };
        case "sst.aws.Bucket":
          return {
            name: localBucketName(model.app, stage, link.name),
            type: link.type,
          };
        case "sst.aws.Queue":
          return { url: `http://${HOST}:${port}/queues/${link.name}`, type: link.type };
        case "sst.aws.Dynamo":
          return dynamo?.link(link.name) ?? link.properties;
        case "sst.sst.Secret":
          return { value: secrets[link.name], type: link.type };
        default:
          return link.properties;
      }
    };
    const linksByName = new Map(model.links.map((link) => [link.name, link]));
    const hosts = new Map<string, FunctionHost>();
    for (const fn of model.functions) {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...fn.environment,
        AWS_REGION: "us-east-1",
        AWS_DEFAULT_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        AWS_ENDPOINT_URL_SQS: `http://${HOST}:${port}`,
        ...(s3Url ? { AWS_ENDPOINT_URL_S3: s3Url } : {}),
        ...dynamo?.env,
        SST_RESOURCE_App: JSON.stringify({ name: model.app, stage }),
      };
      for (const name of fn.links) {
        const link = linksByName.get(name);
        if (link) env[`SST_RESOURCE_${name}`] = JSON.stringify(resourceEnv(link));
      }
      const host = new FunctionHost(fn, {
        appDir,
        env,
        functionName: `${model.app}-${stage}-${fn.id}`,
        log,
      });
      hosts.set(fn.id, host);
      stops.push(() => host.stop());
    }
    log(`Loading ${hosts.size} handler(s)...`);
    await Promise.all([...hosts.values()].map((host) => host.start()));

    const invoke = (functionId: string, event: unknown) => {
      const host = hosts.get(functionId);
      if (!host) throw new InvocationError(`No function "${functionId}".`);
      return host.invoke(event);
    };
    await runMigrations(model, invoke, log);

    const subscriptions = new Map(model.queues.map((q) => [q.name, q]));
    const queues = new Map<string, LocalQueue>();
    for (const name of queueNames) {
      const subscription = subscriptions.get(name);
      const fn = subscription && model.functions.find((f) => f.id === subscription.functionId);
      const queue = new LocalQueue({
        name,
        dir: paths.queues,
        app: model.app,
        stage,
        maxReceiveCount: subscription?.maxReceiveCount,
        batchSize: subscription?.batchSize ?? 10,
        partialResponses: subscription?.partialResponses ?? false,
        fifo: subscription?.fifo ?? false,
        retryAfterMs: options.retryAfterMs ?? 1000,
        inFlightMs: (fn?.timeoutSeconds ?? 30) * 1000,
        consumer: subscription ? (event) => invoke(subscription.functionId, event) : undefined,
        log,
      });
      queues.set(name, queue);
      queue.start();
      stops.push(() => queue.stop());
      if (subscription && !subscription.partialResponses) {
        log(
          `! Queue "${name}": the subscription does not report batch item failures (ReportBatchItemFailures), so, as on AWS, a returned batchItemFailures is ignored.`,
        );
      }
    }

    // Cron jobs: on their schedule, and on demand.
    const cronRunsFile = (name: string) => join(ensureDir(paths.cron), `${name}.json`);
    const readRuns = (name: string): CronRun[] =>
      existsSync(cronRunsFile(name)) ? JSON.parse(readFileSync(cronRunsFile(name), "utf8")) : [];
    const runCron = async (name: string, trigger: CronRun["trigger"]): Promise<CronRun> => {
      const cron = model.crons.find((c) => c.name === name);
      if (!cron) throw new Error(`No cron "${name}".`);
      const started = new Date();
      const event = {
        version: "0",
        id: crypto.randomUUID(),
        "detail-type": "Scheduled Event",
        source: "aws.events",
        account: "000000000000",
        time: started.toISOString().replace(/\.\d{3}Z$/, "Z"),
        region: "us-east-1",
        resources: [
          `arn:aws:scheduler:us-east-1:000000000000:schedule/default/${model.app}-${stage}-${name}`,
        ],
        detail: {},
      };
      let run: CronRun;
      try {
        await invoke(cron.functionId, event);
        run = {
          trigger,
          startedAt: started.toISOString(),
          durationMs: Date.now() - started.getTime(),
          ok: true,
        };
        log(`✓ cron ${name} (${trigger}) ran in ${run.durationMs} ms`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        run = {
          trigger,
          startedAt: started.toISOString(),
          durationMs: Date.now() - started.getTime(),
          ok: false,
          error: message,
        };
        log(`✗ cron ${name} (${trigger}) failed: ${message}`);
      }
      const runs = [...readRuns(name), run].slice(-100);
      writeFileSync(cronRunsFile(name), `${JSON.stringify(runs, null, 2)}\n`);
      return run;
    };
    const schedules = new Map<string, Schedule>();
    for (const cron of model.crons) {
      const schedule = parseSchedule(cron.schedule, { timezone: cron.timezone });
      schedules.set(cron.name, schedule);
      let timer: NodeJS.Timeout | undefined;
      let stopped = false;
      const arm = () => {
        const next = schedule.next(new Date());
        if (!next || stopped) return;
        // setTimeout takes at most about 24.8 days; re-arm until the time comes.
        const delay = Math.min(next.getTime() - Date.now(), 2 ** 31 - 1);
        timer = setTimeout(() => {
          if (Date.now() >= next.getTime() - 5) void runCron(cron.name, "schedule").finally(arm);
          else arm();
        }, delay);
      };
      arm();
      stops.push(() => {
        stopped = true;
        if (timer) clearTimeout(timer);
      });
    }

    const routes: CompiledRoute[] = model.routes.map(compileRoute);
    server.off("request", whileStarting);
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      handleRequest(request, response).catch((error) => {
        log(`✗ ${request.method} ${request.url}: ${String(error)}`);
        if (!response.headersSent) sendJson(response, 500, { message: "Internal Server Error" });
        else response.end();
      });
    });
    const handleRequest = async (request: IncomingMessage, response: ServerResponse) => {
      const requestUrl = new URL(request.url ?? "/", "http://localhost");
      const method = request.method ?? "GET";
      const body = await readBody(request);
      const [, first, name = "", action, sub] = requestUrl.pathname.split("/");

      if (first === "queues" && queues.has(name)) {
        const queue = queues.get(name) as LocalQueue;
        const target = request.headers["x-amz-target"];
        if (method === "POST" && typeof target === "string" && action === undefined) {
          sqsJsonProtocol(queue, target, body, response);
          return;
        }
        if (method === "POST" && action === "messages") {
          const group = request.headers["x-message-group-id"];
          const message = queue.send(body.toString("utf8"), {
            ...(typeof group === "string" ? { messageGroupId: group } : {}),
          });
          sendJson(response, 202, { messageId: message.messageId });
          return;
        }
        if (method === "GET" && action === "dlq") {
          sendJson(response, 200, queue.deadLetters());
          return;
        }
        if (method === "POST" && action === "dlq" && sub === "redrive") {
          sendJson(response, 200, { moved: queue.redrive() });
          return;
        }
        if (method === "GET" && (action === undefined || action === "")) {
          sendJson(response, 200, queue.stats());
          return;
        }
      }
      if (first === "cron" && schedules.has(name)) {
        if (method === "POST" && action === "run") {
          const run = await runCron(name, "manual");
          sendJson(response, run.ok ? 200 : 500, run);
          return;
        }
        if (method === "GET" && action === "runs") {
          sendJson(response, 200, readRuns(name));
          return;
        }
      }
      if (first === "_shipyard") {
        sendJson(response, 200, {
          app: model.app,
          stage,
          source: model.source,
          routes: model.routes,
          queues: [...queues.values()].map((q) => q.stats()),
          crons: model.crons,
        });
        return;
      }

      const match = matchRoute(routes, method, requestUrl.pathname);
      if (!match) {
        sendJson(response, 404, { message: "Not Found" });
        return;
      }
      try {
        const result = await invoke(
          match.route.functionId,
          toApiGatewayEvent(request, body, match),
        );
        writeLambdaResult(response, result);
      } catch (error) {
        log(
          `✗ ${method} ${requestUrl.pathname} → ${match.route.functionId}: ${error instanceof InvocationError ? (error.stackText ?? error.message) : String(error)}`,
        );
        // What API Gateway answers when the integration fails.
        sendJson(response, 500, { message: "Internal Server Error" });
      }
    };

    // Reload handlers when the service's code or the workspace packages it uses change.
    if (options.watch !== false) {
      const watched = watchedFolders(appDir);
      const watcher = watch(watched, {
        ignoreInitial: true,
        ignored: (path) => /(^|[/\\])(node_modules|\.local|\.sst|dist)([/\\]|$)/.test(path),
      });
      let pending: NodeJS.Timeout | undefined;
      const changed = new Set<string>();
      watcher.on("all", (_event, path) => {
        changed.add(relative(appDir, path));
        if (pending) clearTimeout(pending);
        pending = setTimeout(async () => {
          const files = [...changed].join(", ");
          changed.clear();
          const started = Date.now();
          await Promise.all([...hosts.values()].map((host) => host.reload()));
          const broken = [...hosts.values()].filter((host) => host.broken).length;
          log(
            broken
              ? `↻ ${files} changed: ${broken} handler(s) failed to load (see above); fix and save again.`
              : `↻ reloaded handlers in ${Date.now() - started} ms (${files} changed)`,
          );
        }, 100);
      });
      await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
      stops.push(async () => {
        if (pending) clearTimeout(pending);
        await watcher.close();
      });
    }

    writeFileSync(
      paths.state,
      `${JSON.stringify({ pid: process.pid, url: `http://${HOST}:${port}`, queues: [...queues.keys()], crons: [...schedules.keys()] }, null, 2)}\n`,
    );
    stops.unshift(() => rmSync(paths.state, { force: true }));

    printSummary(log, { model, url, port, queues, schedules, buckets, postgres, s3Url });
    return { url: `http://${HOST}:${port}`, model, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function printSummary(
  log: (line: string) => void,
  info: {
    model: ServiceModel;
    url: string;
    port: number;
    queues: Map<string, LocalQueue>;
    schedules: Map<string, Schedule>;
    buckets: LocalBucket[];
    postgres: Omit<PostgresEndpoint, "stop"> | undefined;
    s3Url: string | undefined;
  },
): void {
  const { model, url } = info;
  const lines = [
    "",
    `${model.app} is running locally (stage "${model.stage}", from its ${model.source === "infra" ? "infra" : "package.json answers"}).`,
    `  Listening on ${url}`,
  ];
  for (const route of model.routes) {
    lines.push(`  route ${route.routeKey} → ${route.functionId}`);
  }
  if (model.routes.length > 0) lines.push(`  try: curl -i ${url}/health`);
  for (const [name, queue] of info.queues) {
    const dlq = queue.stats();
    lines.push(
      `  queue ${name}: npx shipyard-send '{"hello":"world"}'${info.queues.size > 1 ? ` --queue ${name}` : ""}`,
      `    or: curl -X POST ${url}/queues/${name}/messages -d '{"hello":"world"}'`,
      `    dead letters (${dlq.deadLettered}): curl ${url}/queues/${name}/dlq`,
    );
  }
  for (const [name, schedule] of info.schedules) {
    const next = schedule.next(new Date());
    lines.push(
      `  cron ${name} (${schedule.expression}), next run ${next ? next.toISOString() : "never"}`,
      `    run now: curl -X POST ${url}/cron/${name}/run   or: npx shipyard-serve run ${name}`,
    );
  }
  if (info.postgres) lines.push(`  Postgres: ${connectionString(info.postgres)}`);
  for (const bucket of info.buckets) {
    lines.push(
      `  bucket ${bucket.name} (${bucket.bucketName}): ${bucket.dir} via S3 endpoint ${info.s3Url}`,
    );
  }
  lines.push(
    "  Data stays in .local/ between runs (--clean to start afresh). Ctrl-C stops everything.",
    "",
  );
  for (const line of lines) log(line);
}

function readSecrets(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${String(error)}`);
  }
}

/**
 * The Postgres the infra's `dev` settings name, when the evaluation exposes them (a `dev` object on
 * the link) and a server answers there.
 */
async function devPostgres(
  link: LinkedResource | undefined,
): Promise<Omit<PostgresEndpoint, "stop"> | undefined> {
  const dev = link?.properties.dev as
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

/** The service's `src` and the source of every workspace package it depends on (transitively). */
export function watchedFolders(appDir: string): string[] {
  const folders = new Set<string>([existsSync(join(appDir, "src")) ? join(appDir, "src") : appDir]);
  const root = findWorkspaceRoot(appDir);
  if (!root) return [...folders];
  const workspaces = new Map<string, string>();
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    workspaces?: string[];
  };
  for (const pattern of manifest.workspaces ?? []) {
    const base = pattern.replace(/\/\*$/, "");
    const dir = join(root, base);
    if (!existsSync(dir)) continue;
    const entries = pattern.endsWith("/*")
      ? readdirNames(dir).map((entry) => join(dir, entry))
      : [dir];
    for (const entry of entries) {
      const pkg = join(entry, "package.json");
      if (existsSync(pkg)) workspaces.set(JSON.parse(readFileSync(pkg, "utf8")).name, entry);
    }
  }
  const seen = new Set<string>();
  const visit = (dir: string) => {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<
      string,
      Record<string, string> | undefined
    >;
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
      const found = workspaces.get(name);
      if (!found || seen.has(name)) continue;
      seen.add(name);
      folders.add(existsSync(join(found, "src")) ? join(found, "src") : found);
      visit(found);
    }
  };
  visit(appDir);
  return [...folders];
}

function readdirNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** SendMessage and SendMessageBatch in SQS's JSON protocol, so the AWS SDK's SQS client works. */
function sqsJsonProtocol(
  queue: LocalQueue,
  target: string,
  body: Buffer,
  response: ServerResponse,
) {
  const input = JSON.parse(body.toString("utf8") || "{}") as {
    MessageBody?: string;
    MessageGroupId?: string;
    Entries?: { Id: string; MessageBody: string; MessageGroupId?: string }[];
  };
  const reply = (status: number, value: unknown) => {
    response.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
    response.end(JSON.stringify(value));
  };
  const md5 = (text: string) => createHash("md5").update(text).digest("hex");
  try {
    if (target === "AmazonSQS.SendMessage") {
      const message = queue.send(input.MessageBody ?? "", {
        ...(input.MessageGroupId ? { messageGroupId: input.MessageGroupId } : {}),
      });
      reply(200, { MessageId: message.messageId, MD5OfMessageBody: md5(message.body) });
      return;
    }
    if (target === "AmazonSQS.SendMessageBatch") {
      const successful = (input.Entries ?? []).map((entry) => {
        const message = queue.send(entry.MessageBody, {
          ...(entry.MessageGroupId ? { messageGroupId: entry.MessageGroupId } : {}),
        });
        return { Id: entry.Id, MessageId: message.messageId, MD5OfMessageBody: md5(message.body) };
      });
      reply(200, { Successful: successful, Failed: [] });
      return;
    }
    reply(400, {
      __type: "com.amazonaws.sqs#UnsupportedOperation",
      message: `${target} is not emulated locally.`,
    });
  } catch (error) {
    reply(400, { __type: "com.amazonaws.sqs#InvalidParameterValue", message: String(error) });
  }
}
