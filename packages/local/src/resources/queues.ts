import { isDeadLetterQueueName } from "@acme/contract";
import type { ServiceModel } from "../model";
import { LocalQueue } from "../queue/local-queue";
import { QueueStore } from "../queue/store";
import type { Handlers } from "./handlers";

export interface Queues {
  byName: ReadonlyMap<string, LocalQueue>;
  stop(): Promise<void>;
}

/**
 * The names of the queues served: every subscribed queue and every linked one, except dead-letter
 * queues (the infra's redrive target, or a name the contract marks as one, `<Queue>Dlq`), which
 * live with their source queue (`GET /queues/<Queue>/dlq`).
 */
export function servedQueueNames(model: ServiceModel, linked: ReadonlySet<string>): string[] {
  const names = new Set([
    ...model.queues.map((q) => q.name),
    ...model.links
      .filter((l) => l.type === "sst.aws.Queue" && linked.has(l.name))
      .map((l) => l.name),
  ]);
  for (const q of model.queues) if (q.deadLetterQueue) names.delete(q.deadLetterQueue);
  const sources = new Set(model.queues.map((q) => q.name));
  for (const name of names) {
    if (isDeadLetterQueueName(name) && !sources.has(name)) names.delete(name);
  }
  return [...names];
}

/** The service's queues, in one store under `.local/queues`, each polled for its subscriber. */
export function startQueues(options: {
  model: ServiceModel;
  stage: string;
  linked: ReadonlySet<string>;
  dir: string;
  handlers: Handlers;
  retryAfterMs: number;
  stopGraceMs?: number;
  log: (line: string) => void;
}): Queues {
  const { model, handlers, log } = options;
  const store = new QueueStore(options.dir);
  for (const name of store.importLegacyFiles(options.dir)) {
    log(
      `Queue ${name}: imported the messages of the earlier queue file into .local/queues/queues.db.`,
    );
  }
  const byName = new Map<string, LocalQueue>();
  for (const name of servedQueueNames(model, options.linked)) {
    const subscription = model.queues.find((q) => q.name === name);
    const fn = subscription && model.functions.find((f) => f.id === subscription.functionId);
    const queue = new LocalQueue({
      name,
      store,
      app: model.app,
      stage: options.stage,
      maxReceiveCount: subscription?.maxReceiveCount,
      batchSize: subscription?.batchSize ?? 10,
      partialResponses: subscription?.partialResponses ?? false,
      fifo: subscription?.fifo ?? false,
      retryAfterMs: options.retryAfterMs,
      inFlightMs: (fn?.timeoutSeconds ?? 30) * 1000,
      consumer: subscription
        ? (event) => handlers.invoke(subscription.functionId, event)
        : undefined,
      ...(options.stopGraceMs !== undefined ? { stopGraceMs: options.stopGraceMs } : {}),
      log,
    });
    byName.set(name, queue);
    queue.start();
    if (subscription && !subscription.partialResponses) {
      log(
        `! Queue "${name}": the subscription does not report batch item failures (ReportBatchItemFailures), so, as on AWS, a returned batchItemFailures is ignored.`,
      );
    }
  }
  return {
    byName,
    async stop() {
      await Promise.all([...byName.values()].map((queue) => queue.stop()));
      store.close();
    },
  };
}
