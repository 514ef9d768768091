import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { components, DEFAULT_SCHEDULE, deadLetterQueueName } from "@acme/contract";
import { type Evaluation, modelFromEvaluation } from "./evaluation";

/**
 * What `serve` needs to know about a service: its functions (handler file and export, links,
 * environment), the HTTP routes, queue subscriptions and schedules that invoke them, and the
 * properties of every resource they link. It comes from one place, {@link loadModel}, so that the
 * source (the service's real infra, evaluated offline, or its recorded generator answers) is one
 * change.
 */
export interface ServiceModel {
  /** The SST app name (the service name). */
  app: string;
  /** The stage `SST_RESOURCE_App` reports. */
  stage: string;
  /** Where the model came from. */
  source: "infra" | "answers";
  functions: LocalFunction[];
  routes: Route[];
  queues: QueueSubscription[];
  crons: CronJob[];
  /** Every linkable resource the functions link, with the properties SST would give it. */
  links: LinkedResource[];
  /** Things the model could not map, to print at startup. */
  warnings: string[];
}

export interface LocalFunction {
  /** The function's component name (SST's `functionID`), e.g. `ApiHandler`. */
  id: string;
  /** The handler as written in the infra: `src/handler.handler`. */
  handler: string;
  /** The names of the resources it links. */
  links: string[];
  /** Environment variables the infra sets on it (SST's own `SST_*` ones removed). */
  environment: Record<string, string>;
  /** The Lambda timeout. */
  timeoutSeconds: number;
}

export interface Route {
  /** `GET /items/{id}`, `ANY /{proxy+}` or `$default`. */
  routeKey: string;
  functionId: string;
}

export interface QueueSubscription {
  /** The queue's component name (its link name), e.g. `Queue`. */
  name: string;
  functionId: string;
  batchSize: number;
  /** Receives before a message moves to the dead-letter queue; undefined when it has none. */
  maxReceiveCount: number | undefined;
  /** The dead-letter queue's component name, when known. */
  deadLetterQueue: string | undefined;
  /** Whether the subscription reports batch item failures (`ReportBatchItemFailures`). */
  partialResponses: boolean;
  fifo: boolean;
}

export interface CronJob {
  /** The cron's component name, e.g. `Job`. */
  name: string;
  functionId: string;
  /** The EventBridge expression: `rate(5 minutes)`, `cron(0 12 * * ? *)`. */
  schedule: string;
  /** IANA time zone of a `cron(...)` schedule; EventBridge's default is UTC. */
  timezone: string;
}

export interface LinkedResource {
  name: string;
  /** SST's link type: `sst.aws.Postgres`, `sst.aws.Bucket`, `sst.aws.Queue`, `sst.sst.Secret`... */
  type: string;
  /** The properties SST gives the link (from the evaluation; placeholders from answers). */
  properties: Record<string, unknown>;
}

/** The part of a service's `package.json` the generator writes. */
export interface ShipyardManifest {
  kind?: "http" | "worker" | "cron";
  answers?: {
    kind?: "http" | "worker" | "cron";
    database?: string;
    bucket?: boolean;
    schedule?: string;
    [key: string]: unknown;
  };
}

/** Component and file names of the templates (generators/service/new), used with answers. */
export const TEMPLATE_CONVENTIONS = {
  http: { functionId: components.apiHandler, handler: "src/handler.handler", routeKey: "$default" },
  worker: {
    functionId: components.consumer,
    handler: "src/consumer.handler",
    queue: components.queue,
  },
  cron: { functionId: "JobHandler", handler: "src/job.handler", cron: components.job },
  database: components.database,
  bucket: components.bucket,
  deadLetterQueue: deadLetterQueueName(components.queue),
  defaultSchedule: DEFAULT_SCHEDULE,
  maxReceiveCount: 3,
  batchSize: 10,
  timeoutSeconds: 30,
} as const;

/**
 * The model from the recorded generator answers and the templates' conventional names, for
 * services whose infra cannot be evaluated (no `sst.config.ts`, or no evaluator available).
 */
export function modelFromAnswers(
  app: string,
  manifest: ShipyardManifest,
  stage: string,
): ServiceModel {
  const kind = manifest.kind ?? manifest.answers?.kind;
  if (!kind) {
    throw new Error(
      `package.json has no "shipyard.kind" (http, worker or cron): serve cannot tell what to run.`,
    );
  }
  const answers = manifest.answers ?? {};
  const c = TEMPLATE_CONVENTIONS;
  const links: LinkedResource[] = [];
  if (answers.database === "postgres") {
    links.push({
      name: c.database,
      type: "sst.aws.Postgres",
      properties: { database: app, username: "postgres", password: "", host: "", port: 5432 },
    });
  }
  if (answers.bucket) {
    links.push({ name: c.bucket, type: "sst.aws.Bucket", properties: { name: "" } });
  }
  const fn = (id: string, handler: string): LocalFunction => ({
    id,
    handler,
    links: links.map((link) => link.name),
    environment: {},
    timeoutSeconds: c.timeoutSeconds,
  });
  const model: ServiceModel = {
    app,
    stage,
    source: "answers",
    functions: [],
    routes: [],
    queues: [],
    crons: [],
    links,
    warnings: [],
  };
  if (kind === "http") {
    model.functions.push(fn(c.http.functionId, c.http.handler));
    model.routes.push({ routeKey: c.http.routeKey, functionId: c.http.functionId });
  } else if (kind === "worker") {
    model.functions.push(fn(c.worker.functionId, c.worker.handler));
    model.queues.push({
      name: c.worker.queue,
      functionId: c.worker.functionId,
      batchSize: c.batchSize,
      maxReceiveCount: c.maxReceiveCount,
      deadLetterQueue: c.deadLetterQueue,
      partialResponses: true,
      fifo: false,
    });
  } else {
    model.functions.push(fn(c.cron.functionId, c.cron.handler));
    model.crons.push({
      name: c.cron.cron,
      functionId: c.cron.functionId,
      schedule: answers.schedule ?? c.defaultSchedule,
      timezone: "UTC",
    });
  }
  return model;
}

/** The evaluator's entry point, as `@acme/sst-offline` exports it. */
type Evaluate = (options: { appDir: string; stage: string }) => Promise<Evaluation>;

export interface LoadModelOptions {
  stage: string;
  /** `infra`: evaluate the infra or fail; `answers`: use package.json; `auto`: infra if possible. */
  from?: "auto" | "infra" | "answers";
  /** Reports slow steps. */
  progress?: (message: string) => void;
  /** For tests: the evaluator to use instead of `@acme/sst-offline`. */
  evaluate?: Evaluate;
  /**
   * Variables the evaluation sees besides serve's own: the local secrets as `SST_SECRET_<Name>`,
   * which SST's `Secret` component reads its value from.
   */
  environment?: Record<string, string>;
}

/**
 * What the service at `appDir` has. With an `sst.config.ts` and the offline evaluator available,
 * from the real infra; otherwise from `package.json` "shipyard" answers.
 */
export async function loadModel(appDir: string, options: LoadModelOptions): Promise<ServiceModel> {
  const manifest = JSON.parse(readFileSync(join(appDir, "package.json"), "utf8")) as {
    name?: string;
    shipyard?: ShipyardManifest;
  };
  const app = (manifest.name ?? "service").replace(/^@[^/]+\//, "");
  const from = options.from ?? "auto";
  const hasInfra = existsSync(join(appDir, "sst.config.ts"));
  if (from !== "answers" && hasInfra) {
    const evaluate = options.evaluate ?? (await findEvaluator());
    if (evaluate) {
      options.progress?.("Evaluating the service's infra offline (about 3 s)...");
      const evaluation = await withEnvironment(options.environment ?? {}, () =>
        evaluate({ appDir, stage: options.stage }),
      );
      return modelFromEvaluation(evaluation, options.stage);
    }
    if (from === "infra") {
      throw new Error("@acme/sst-offline does not export evaluate(): cannot read the infra.");
    }
  } else if (from === "infra") {
    throw new Error(`${join(appDir, "sst.config.ts")} does not exist.`);
  }
  const model = modelFromAnswers(app, manifest.shipyard ?? {}, options.stage);
  if (hasInfra) {
    model.warnings.push(
      "The infra was not evaluated (the offline evaluator is not available): routes, queues and links follow the template's conventions and package.json answers.",
    );
  }
  return model;
}

/**
 * Runs `task` with `variables` added to this process's environment, then restores it. The
 * evaluator starts its process with serve's environment; the handlers, started later, must not
 * see these variables (on Lambda they get the secret through its link, not `SST_SECRET_*`).
 */
async function withEnvironment<T>(
  variables: Record<string, string>,
  task: () => Promise<T>,
): Promise<T> {
  const saved = Object.fromEntries(Object.keys(variables).map((key) => [key, process.env[key]]));
  Object.assign(process.env, variables);
  try {
    return await task();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

async function findEvaluator(): Promise<Evaluate | undefined> {
  try {
    // A literal specifier, so that the bins' compiled copy (@acme/compiled) bundles the evaluator:
    // that copy has no TypeScript loader to import its sources with.
    const mod = (await import("@acme/sst-offline")) as { evaluate?: Evaluate };
    return typeof mod.evaluate === "function" ? mod.evaluate : undefined;
  } catch {
    return undefined;
  }
}
