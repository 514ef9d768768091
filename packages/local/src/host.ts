/**
 * The process that runs ONE function's handler, like a Lambda execution environment: started by
 * serve (`node --import tsx host.ts`) in the service's folder, with the function's environment
 * (`SST_RESOURCE_*` links included). Serve restarts it when code changes.
 *
 * Protocol over IPC: serve sends `{ type: "invoke", id, event, timeoutMs }`; the host answers
 * `{ type: "result", id, ok: true, value, reasons }` or `{ type: "result", id, ok: false, error,
 * reasons }`, where `reasons` says, per message id of an SQS event, why the handler logged it
 * failed. At start-up it answers `{ type: "ready" }` or `{ type: "load-error", error }`.
 *
 * It ignores SIGINT: Ctrl-C in serve's terminal reaches every process of its group, and serve
 * stops its handlers itself once the work in progress is done (a handler killed mid-message
 * would count as a failed receive).
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { HANDLER_EXTENSIONS } from "@acme/contract";
import type { Context } from "aws-lambda";
import { FailureReasons } from "./failure-reasons";

interface Invoke {
  type: "invoke";
  id: number;
  event: unknown;
  timeoutMs: number;
}

type Handler = (event: unknown, context: Context) => unknown;

const handlerSpec = process.env.SHIPYARD_HANDLER ?? "";
const functionName = process.env.SHIPYARD_FUNCTION_NAME ?? "local";

function send(message: unknown): void {
  process.send?.(message);
}

/** Reads the handler's log lines as they are written, and still writes them. */
const failureReasons = new FailureReasons();
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    failureReasons.write(
      typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"),
    );
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

/** The message ids of an SQS event, whose failure reasons go back with the result. */
function messageIdsOf(event: unknown): string[] {
  const records = (event as { Records?: { messageId?: unknown }[] } | null)?.Records;
  if (!Array.isArray(records)) return [];
  return records.flatMap((record) =>
    typeof record?.messageId === "string" ? [record.messageId] : [],
  );
}

function serialiseError(error: unknown) {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: error.stack };
  }
  return { name: "Error", message: String(error) };
}

async function load(): Promise<Handler> {
  const dot = handlerSpec.lastIndexOf(".");
  const slash = handlerSpec.lastIndexOf("/");
  if (dot <= slash + 1)
    throw new Error(`Invalid handler "${handlerSpec}": expected <file>.<export>.`);
  const base = handlerSpec.slice(0, dot);
  const exported = handlerSpec.slice(dot + 1);
  const file = HANDLER_EXTENSIONS.map((ext) => resolve(base + ext)).find((path) =>
    existsSync(path),
  );
  if (!file) {
    throw new Error(
      `Handler not found: ${handlerSpec} (looked for ${base}{${HANDLER_EXTENSIONS.join(",")}})`,
    );
  }
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const fn = mod[exported] ?? (mod.default as Record<string, unknown> | undefined)?.[exported];
  if (typeof fn !== "function") {
    throw new Error(`Handler not found: ${file} does not export a function "${exported}".`);
  }
  return fn as Handler;
}

function context(timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

async function main(): Promise<void> {
  let handler: Handler;
  try {
    handler = await load();
  } catch (error) {
    send({ type: "load-error", error: serialiseError(error) });
    return;
  }
  process.on("message", (message: Invoke) => {
    if (message?.type !== "invoke") return;
    Promise.resolve()
      .then(() => handler(message.event, context(message.timeoutMs)))
      .then(
        (value) => ({ ok: true, value }),
        (error) => ({ ok: false, error: serialiseError(error) }),
      )
      .then((outcome) => {
        const reasons = failureReasons.take(messageIdsOf(message.event));
        send({ type: "result", id: message.id, ...outcome, reasons });
      });
  });
  send({ type: "ready" });
}

process.on("disconnect", () => process.exit(0));
process.on("SIGINT", () => {});
void main();
