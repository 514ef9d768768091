import { type LogItem, Logger as PowertoolsLogger } from "@aws-lambda-powertools/logger";
import type { ConstructorOptions } from "@aws-lambda-powertools/logger/types";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, type LogExtra } from "./logger";
import { lambdaContext } from "../testing";
import { createRedactor } from "./redact";

/**
 * The logger replaced powertools' `Logger` (ADR 0008). This is the wrapper it replaced, kept as
 * the reference: the same calls must give the same lines, but for the timestamp.
 */
class PowertoolsReference extends PowertoolsLogger {
  static lines: string[] = [];

  withContext(keys: Record<string, unknown>): PowertoolsReference {
    return this.createChild({ persistentKeys: keys }) as PowertoolsReference;
  }

  protected override createLogger(options?: ConstructorOptions): PowertoolsReference {
    return new PowertoolsReference(options);
  }

  protected override printLog(_level: number, log: LogItem): void {
    log.prepareForPrint();
    PowertoolsReference.lines.push(JSON.stringify(log.getAttributes(), this.getJsonReplacer()));
  }
}

/** The methods both loggers have, as the calls below use them. */
interface AnyLogger {
  trace(message: string, ...extra: LogExtra[]): void;
  debug(message: string, ...extra: LogExtra[]): void;
  info(message: string, ...extra: LogExtra[]): void;
  warn(message: string, ...extra: LogExtra[]): void;
  error(message: string, ...extra: LogExtra[]): void;
  critical(message: string, ...extra: LogExtra[]): void;
  withContext(keys: Record<string, unknown>): AnyLogger;
}

type Calls = (logger: AnyLogger) => void;

function both(calls: Calls, level?: "DEBUG" | "WARN") {
  PowertoolsReference.lines = [];
  const reference = new PowertoolsReference({
    serviceName: "orders",
    ...(level ? { logLevel: level } : {}),
    persistentKeys: { stage: "dev" },
    jsonReplacerFn: createRedactor(),
  });
  calls(reference as unknown as AnyLogger);
  const ours: string[] = [];
  calls(
    createLogger({
      service: "orders",
      stage: "dev",
      ...(level ? { level } : {}),
      write: (l) => ours.push(l),
    }),
  );
  const withoutTime = (line: string) => ({ ...JSON.parse(line), timestamp: "<time>" });
  return { powertools: PowertoolsReference.lines.map(withoutTime), ours: ours.map(withoutTime) };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the lines, against powertools' Logger given the same calls", () => {
  const error = Object.assign(
    new Error("boom: postgres://app:pw@db/x", { cause: new Error("in") }),
    {
      status: 503,
    },
  );
  const circular: Record<string, unknown> = { name: "loop" };
  circular.self = circular;

  it.each<[string, Calls]>([
    ["a message", (l) => l.info("plain")],
    ["attributes, nested and redacted", (l) => l.info("a", { id: 1, user: { apiKey: "k" } })],
    ["an Error with a cause and own properties", (l) => l.error("failed", error)],
    ["an Error inside attributes", (l) => l.error("failed", { error, step: 2 })],
    ["a string extra and several objects", (l) => l.warn("w", "more", { a: 1 }, { a: 2, b: 3 })],
    ["null and undefined extras", (l) => l.info("n", null, undefined)],
    [
      "empty and null values, at the top and nested",
      (l) => l.info("", { empty: "", nil: null, zero: 0, no: false, in: { empty: "", nil: null } }),
    ],
    ["BigInts and circular references", (l) => l.info("odd", { n: 10n, circular })],
    ["reserved keys, dropped with a warning", (l) => l.info("r", { level: "X", message: "m" })],
    ["levels below the threshold", (l) => [l.debug("no"), l.trace("no"), l.info("yes")]],
    ["every level", (l) => [l.warn("w"), l.error("e"), l.critical("c")]],
    [
      "child loggers",
      (l) => l.withContext({ requestId: "r" }).withContext({ messageId: "m" }).info("c"),
    ],
    ["a message holding a secret", (l) => l.info("token=abc123 sent")],
  ])("%s", (_name, calls) => {
    const { powertools, ours } = both(calls);
    expect(powertools.length).toBeGreaterThan(0);
    expect(ours).toEqual(powertools);
  });

  it("with the level option, LOG_LEVEL, Lambda's log level and an X-Ray trace", () => {
    const calls: Calls = (l) => [l.debug("d"), l.info("i"), l.warn("w")];
    expect(both(calls, "DEBUG").ours).toEqual(both(calls, "DEBUG").powertools);
    expect(both(calls, "WARN").ours).toEqual(both(calls, "WARN").powertools);
    vi.stubEnv("LOG_LEVEL", "WARN");
    expect(both(calls).ours).toEqual(both(calls).powertools);
    vi.stubEnv("AWS_LAMBDA_LOG_LEVEL", "ERROR");
    vi.stubEnv("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3f;Parent=557abcec;Sampled=1");
    const lambda = both((l) => [l.warn("hidden"), l.error("shown")], "DEBUG");
    expect(lambda.ours).toEqual(lambda.powertools.filter((line) => line.message === "shown"));
    expect(lambda.ours[0]).toMatchObject({ xray_trace_id: "1-5759e988-bd862e3f" });
  });

  it("the Lambda context, with cold_start on the first invocation of an on-demand environment", () => {
    vi.stubEnv("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
    const context = lambdaContext({ awsRequestId: "req-1", tenantId: "tenant-a" });
    PowertoolsReference.lines = [];
    const reference = new PowertoolsReference({
      serviceName: "orders",
      persistentKeys: { stage: "dev" },
      jsonReplacerFn: createRedactor(),
    });
    const ours: string[] = [];
    const logger = createLogger({ service: "orders", stage: "dev", write: (l) => ours.push(l) });
    for (const message of ["first", "second"]) {
      reference.addContext(context);
      reference.info(message);
      logger.withLambdaContext(context).info(message);
    }
    const withoutTime = (line: string) => ({ ...JSON.parse(line), timestamp: "<time>" });
    expect(ours.map(withoutTime)).toEqual(PowertoolsReference.lines.map(withoutTime));
    expect(ours.map((line) => JSON.parse(line).cold_start)).toEqual([true, false]);
    expect(JSON.parse(ours[0] ?? "{}")).toMatchObject({
      function_request_id: "req-1",
      function_name: context.functionName,
    });
  });
});
