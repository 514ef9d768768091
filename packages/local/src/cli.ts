import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { localPaths } from "./paths";
import { PortInUseError } from "./ports";
import { serve } from "./serve";
import { isProcessAlive, readServeRecord } from "./serve-lock";

const USAGE = `Usage (in a service's folder, apps/<service>; \`nx serve <service>\` runs the first):
  shipyard-serve [--port <n>] [--clean] [--stage <s>] [--from auto|infra|answers] [--no-watch]
                 [--retry-after <ms>] [--stop-grace <ms>] [--postgres-port <n>]
      (--port 0 and --postgres-port 0: any free port.)
      Run the service locally: its routes, queue consumer or cron job, with local resources.
  shipyard-serve send <json> [--queue <Name>]   (also: npx shipyard-send <json>)
      Send a message to the running service's local queue.
  shipyard-serve run <CronName>
      Run a cron job of the running service now.
  shipyard-serve dlq [--queue <Name>]
      List the messages in the local dead-letter queue.`;

/**
 * The running serve of the service in `appDir`, from `.local/serve.json`, checked: its process is
 * alive and the server at its address answers with the same instance id. A record left by a
 * killed serve would otherwise send messages to whatever listens on that port now (another
 * service's serve, perhaps).
 */
async function running(
  appDir: string,
): Promise<{ url: string; queues: string[]; crons: string[] }> {
  const notServed = `The service in ${appDir} is not being served: start it with \`nx serve <service>\`.`;
  const record = readServeRecord(localPaths(appDir));
  if (!record) throw new Error(notServed);
  if (!record.url) {
    throw new Error(
      `The serve of ${appDir} (pid ${record.pid}) is still starting; try again in a moment.`,
    );
  }
  if (!isProcessAlive(record.pid)) {
    throw new Error(
      `${notServed} (.local/serve.json names pid ${record.pid}, which has ended without cleaning up.)`,
    );
  }
  let instance: unknown;
  let app: unknown;
  try {
    const response = await fetch(`${record.url}/_shipyard`, { signal: AbortSignal.timeout(5000) });
    ({ instance, app } = (await response.json()) as { instance?: unknown; app?: unknown });
  } catch {
    instance = undefined;
  }
  if (instance !== record.instance) {
    const other = typeof app === "string" ? ` (it is the serve of ${app})` : "";
    throw new Error(
      `${notServed} (.local/serve.json points at ${record.url}, but what answers there is not the serve it recorded${other}.)`,
    );
  }
  return { url: record.url, queues: record.queues ?? [], crons: record.crons ?? [] };
}

/** The queue `shipyard-send` sends to: the one named, or the only one; a wrong name says which exist. */
export function pickQueue(state: { queues: string[] }, wanted: string | undefined): string {
  if (state.queues.length === 0) {
    throw new Error(
      "The served service has no queue: a worker service has one, and the platform's consumer and resource --type queue generators add one to any service.",
    );
  }
  const queue = wanted ?? (state.queues.length === 1 ? state.queues[0] : undefined);
  const known = state.queues.join(", ");
  if (wanted !== undefined && !state.queues.includes(wanted)) {
    throw new Error(
      `The served service has no queue "${wanted}": use --queue with one of ${known}.`,
    );
  }
  if (!queue) throw new Error(`Name the queue with --queue: one of ${known}.`);
  return queue;
}

/** The cron job `shipyard-serve run` runs: the one named, or the only one; a wrong name says which exist. */
export function pickCron(state: { crons: string[] }, wanted: string | undefined): string {
  if (state.crons.length === 0) {
    throw new Error("The served service has no cron job: only a cron service has one.");
  }
  const known = state.crons.join(", ");
  if (wanted !== undefined && !state.crons.includes(wanted)) {
    throw new Error(`The served service has no cron job "${wanted}": run one of ${known}.`);
  }
  const name = wanted ?? (state.crons.length === 1 ? state.crons[0] : undefined);
  if (!name) throw new Error(`Name the cron job: one of ${known}.`);
  return name;
}

async function request(url: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status} from ${url}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

function portOption(name: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new Error(
      `${name} must be a port number from 0 to 65535 (0: any free port), not "${value}".`,
    );
  }
  return port;
}

export async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: "string" },
      "postgres-port": { type: "string" },
      clean: { type: "boolean", default: false },
      stage: { type: "string", default: "local" },
      from: { type: "string", default: "auto" },
      watch: { type: "boolean", default: true },
      "no-watch": { type: "boolean", default: false },
      "retry-after": { type: "string" },
      "stop-grace": { type: "string" },
      queue: { type: "string" },
      dir: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const appDir = values.dir ?? process.cwd();
  const [command, ...rest] = positionals;

  if (command === "send") {
    const state = await running(appDir);
    const body = rest.join(" ");
    if (!body) throw new Error('Give the message body: shipyard-serve send \'{"orderId":"42"}\'');
    const queue = pickQueue(state, values.queue);
    const result = await request(`${state.url}/queues/${queue}/messages`, { method: "POST", body });
    console.log(`Sent to ${queue}: ${JSON.stringify(result)}`);
    return;
  }
  if (command === "run") {
    const state = await running(appDir);
    const name = pickCron(state, rest[0]);
    console.log(
      JSON.stringify(await request(`${state.url}/cron/${name}/run`, { method: "POST" }), null, 2),
    );
    return;
  }
  if (command === "dlq") {
    const state = await running(appDir);
    const queue = pickQueue(state, values.queue);
    console.log(JSON.stringify(await request(`${state.url}/queues/${queue}/dlq`), null, 2));
    return;
  }
  if (command !== undefined && command !== "serve") {
    throw new Error(`Unknown command "${command}".\n${USAGE}`);
  }

  if (!existsSync(join(appDir, "package.json"))) {
    throw new Error(`${appDir} has no package.json: run shipyard-serve in a service's folder.`);
  }
  const from = values.from as "auto" | "infra" | "answers";
  const portSource = portSourceOf(values.port, process.env.PORT);
  const port = portOption("--port", values.port ?? process.env.PORT ?? "3000");
  // Signals are handled from the start: one that arrives while serve is starting stops it as
  // soon as it is up, through the same orderly shutdown.
  let service: Awaited<ReturnType<typeof serve>> | undefined;
  let stopRequested: string | undefined;
  const shutdown = (signal: string) => {
    if (stopRequested) return;
    stopRequested = signal;
    if (service) stopService(service, signal);
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGHUP", () => shutdown("SIGHUP"));
  service = await serve({
    appDir,
    port,
    exactPort: portSource !== undefined,
    ...(values["postgres-port"]
      ? { postgresPort: portOption("--postgres-port", values["postgres-port"]) }
      : {}),
    stage: values.stage,
    clean: values.clean,
    from,
    watch: values.watch && !values["no-watch"],
    ...(values["retry-after"] ? { retryAfterMs: Number(values["retry-after"]) } : {}),
    ...(values["stop-grace"] ? { stopGraceMs: Number(values["stop-grace"]) } : {}),
  }).catch((error: unknown) => {
    throw error instanceof PortInUseError && portSource ? portTakenError(error, portSource) : error;
  });
  if (stopRequested) stopService(service, stopRequested);
}

/** Where the user named the port, if they did: `--port`, or the `PORT` variable. */
type PortSource = { flag: string } | { variable: string };

function portSourceOf(
  flag: string | undefined,
  variable: string | undefined,
): PortSource | undefined {
  if (flag !== undefined) return { flag };
  if (variable !== undefined) return { variable };
  return undefined;
}

/** A port the user named is taken: say so, and the three ways out. */
function portTakenError(error: PortInUseError, source: PortSource): Error {
  const { port, host } = error;
  const how =
    "flag" in source
      ? `you asked for it with --port ${source.flag}. Stop what uses it, pass another --port, or leave --port out to take the next free port from 3000`
      : `you asked for it with PORT=${source.variable} in the environment. Stop what uses it, set another PORT, or unset PORT to take the next free port from 3000`;
  return new Error(`Port ${port} is in use on ${host}: ${how}.`);
}

function stopService(service: { stop: () => Promise<void> }, signal: string): void {
  console.log(`\n${signal}: stopping...`);
  service.stop().then(
    () => {
      console.log("Stopped.");
      process.exit(0);
    },
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
