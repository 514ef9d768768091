import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { localPaths } from "./paths";
import { serve } from "./serve";

const USAGE = `Usage (in a service's folder, apps/<service>; \`nx serve <service>\` runs the first):
  shipyard-serve [--port <n>] [--clean] [--stage <s>] [--from auto|infra|answers] [--no-watch]
                 [--retry-after <ms>] [--postgres-port <n>]
      Run the service locally: its routes, queue consumer or cron job, with local resources.
  shipyard-serve send <json> [--queue <Name>]   (also: npx shipyard-send <json>)
      Send a message to the running service's local queue.
  shipyard-serve run <CronName>
      Run a cron job of the running service now.
  shipyard-serve dlq [--queue <Name>]
      List the messages in the local dead-letter queue.`;

/** The running serve of the service in `appDir` (from `.local/serve.json`). */
function running(appDir: string): { url: string; queues: string[]; crons: string[] } {
  const file = localPaths(appDir).state;
  if (!existsSync(file)) {
    throw new Error(
      `The service in ${appDir} is not being served: start it with \`nx serve <service>\`.`,
    );
  }
  return JSON.parse(readFileSync(file, "utf8"));
}

function pickQueue(state: { queues: string[] }, wanted: string | undefined): string {
  const queue = wanted ?? (state.queues.length === 1 ? state.queues[0] : undefined);
  if (!queue || !state.queues.includes(queue)) {
    throw new Error(`Name the queue with --queue: one of ${state.queues.join(", ") || "(none)"}.`);
  }
  return queue;
}

async function request(url: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${response.status} from ${url}: ${text}`);
  return text ? JSON.parse(text) : undefined;
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
    const state = running(appDir);
    const body = rest.join(" ");
    if (!body) throw new Error('Give the message body: shipyard-serve send \'{"orderId":"42"}\'');
    const queue = pickQueue(state, values.queue);
    const result = await request(`${state.url}/queues/${queue}/messages`, { method: "POST", body });
    console.log(`Sent to ${queue}: ${JSON.stringify(result)}`);
    return;
  }
  if (command === "run") {
    const state = running(appDir);
    const name = rest[0] ?? (state.crons.length === 1 ? state.crons[0] : undefined);
    if (!name) throw new Error(`Name the cron job: one of ${state.crons.join(", ") || "(none)"}.`);
    console.log(
      JSON.stringify(await request(`${state.url}/cron/${name}/run`, { method: "POST" }), null, 2),
    );
    return;
  }
  if (command === "dlq") {
    const state = running(appDir);
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
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  const service = await serve({
    appDir,
    port,
    ...(values["postgres-port"] ? { postgresPort: Number(values["postgres-port"]) } : {}),
    stage: values.stage,
    clean: values.clean,
    from,
    watch: values.watch && !values["no-watch"],
    ...(values["retry-after"] ? { retryAfterMs: Number(values["retry-after"]) } : {}),
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
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
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}
