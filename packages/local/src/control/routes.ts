import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "../http";
import type { ServiceModel } from "../model";
import { InvalidMessageError, type LocalQueue } from "../queue/local-queue";
import {
  handleSqsEndpointRequest,
  handleSqsRequest,
  isSqsTarget,
  type SqsReply,
} from "../queue/sqs-protocol";
import type { Scheduler } from "../scheduler";
import { refusalReason } from "./request-guard";

export interface ControlContext {
  model: ServiceModel;
  stage: string;
  /** The running serve's id, which `shipyard-send` checks before it sends. */
  instance: string;
  queues: ReadonlyMap<string, LocalQueue>;
  scheduler: Scheduler;
}

/**
 * Serve's own endpoints beside the service's routes: the queues (SQS's JSON protocol for the
 * SDK, a plain `POST .../messages`, counts, the DLQ and its redrive), the cron jobs (run now, the
 * recorded runs) and `/_shipyard`. They answer only for the service's own queue and cron names;
 * anything else is left to the service's routes (returns false). Requests that come from a web
 * page or with a foreign `Host` are refused with 403 (see request-guard.ts).
 */
export async function handleControlRequest(
  context: ControlContext,
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
): Promise<boolean> {
  const url = new URL(request.url ?? "/", "http://localhost");
  const method = request.method ?? "GET";
  const [, first, name = "", action, sub] = url.pathname.split("/");
  const queue = first === "queues" ? context.queues.get(name) : undefined;
  const isCron = first === "cron" && context.scheduler.has(name);
  const target = request.headers["x-amz-target"];
  // The AWS SDK sends to the endpoint's root, naming the queue by its URL in the body.
  const sqsAtRoot = method === "POST" && url.pathname === "/" && isSqsTarget(target);
  if (!queue && !isCron && !sqsAtRoot && first !== "_shipyard") return false;

  const refused = refusalReason(request);
  if (refused) {
    sendJson(response, 403, { message: refused });
    return true;
  }
  if (sqsAtRoot) {
    sendSqsReply(response, handleSqsEndpointRequest(context.queues, target, body.toString("utf8")));
    return true;
  }
  if (queue) return queueRoute(queue, method, action, sub, request, response, body);
  if (isCron) return cronRoute(context.scheduler, name, method, action, response);
  if (method !== "GET") return false;
  sendJson(response, 200, {
    instance: context.instance,
    app: context.model.app,
    stage: context.stage,
    source: context.model.source,
    routes: context.model.routes,
    queues: [...context.queues.values()].map((q) => q.stats()),
    crons: context.model.crons,
  });
  return true;
}

/**
 * What a request for a queue or cron job the service does not have is told, once none of the
 * service's own routes took it: which exist, and how to call them. Undefined for other paths.
 */
export function unknownControlTarget(
  context: Pick<ControlContext, "model" | "queues" | "scheduler">,
  pathname: string,
): { message: string; queues?: string[]; crons?: string[] } | undefined {
  const [, first, name] = pathname.split("/");
  if (!name) return undefined;
  const app = context.model.app;
  if (first === "cron") {
    const crons = context.scheduler.names;
    const which = crons.map((cron) => `${cron} (POST /cron/${cron}/run)`).join(", ");
    return {
      message:
        crons.length > 0
          ? `${app} has no cron job "${name}". Its cron jobs: ${which}.`
          : `${app} has no cron jobs.`,
      crons,
    };
  }
  if (first === "queues") {
    const queues = [...context.queues.keys()];
    const which = queues.map((queue) => `${queue} (POST /queues/${queue}/messages)`).join(", ");
    return {
      message:
        queues.length > 0
          ? `${app} has no queue "${name}". Its queues: ${which}.`
          : `${app} has no queues.`,
      queues,
    };
  }
  return undefined;
}

function queueRoute(
  queue: LocalQueue,
  method: string,
  action: string | undefined,
  sub: string | undefined,
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
): boolean {
  const target = request.headers["x-amz-target"];
  if (method === "POST" && typeof target === "string" && action === undefined) {
    sendSqsReply(response, handleSqsRequest(queue, target, body.toString("utf8")));
    return true;
  }
  if (method === "POST" && action === "messages") {
    const group = request.headers["x-message-group-id"];
    try {
      const message = queue.send(body.toString("utf8"), {
        ...(typeof group === "string" ? { messageGroupId: group } : {}),
      });
      sendJson(response, 202, { messageId: message.messageId });
    } catch (error) {
      if (!(error instanceof InvalidMessageError)) throw error;
      sendJson(response, 400, { code: error.code, message: error.message });
    }
    return true;
  }
  if (method === "GET" && action === "dlq") {
    sendJson(response, 200, queue.deadLetters());
    return true;
  }
  if (method === "POST" && action === "dlq" && sub === "redrive") {
    sendJson(response, 200, { moved: queue.redrive() });
    return true;
  }
  if (method === "GET" && (action === undefined || action === "")) {
    sendJson(response, 200, queue.stats());
    return true;
  }
  return false;
}

function sendSqsReply(response: ServerResponse, reply: SqsReply): void {
  response.writeHead(reply.status, { "content-type": "application/x-amz-json-1.0" });
  response.end(JSON.stringify(reply.body));
}

async function cronRoute(
  scheduler: Scheduler,
  name: string,
  method: string,
  action: string | undefined,
  response: ServerResponse,
): Promise<boolean> {
  if (method === "POST" && action === "run") {
    const run = await scheduler.run(name, "manual");
    sendJson(response, run.ok ? 200 : 500, run);
    return true;
  }
  if (method === "GET" && action === "runs") {
    sendJson(response, 200, scheduler.runs(name));
    return true;
  }
  return false;
}
