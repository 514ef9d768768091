import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, type LoggerOptions } from "./logger";

function capture(options: Partial<LoggerOptions> = {}) {
  const lines: string[] = [];
  const logger = createLogger({ service: "orders", write: (line) => lines.push(line), ...options });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createLogger", () => {
  it("writes one JSON document per line with service, stage, level, message and timestamp", () => {
    const { logger, lines, records } = capture({ stage: "dev" });
    logger.info("order created", { orderId: "42" });

    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("\n");
    const [record] = records();
    expect(record).toMatchObject({
      level: "INFO",
      message: "order created",
      service: "orders",
      stage: "dev",
      orderId: "42",
    });
    expect(Date.parse(String(record?.timestamp))).not.toBeNaN();
  });

  it("takes the stage from SST_STAGE, then STAGE, then the linked SST app, then local", () => {
    for (const name of ["SST_STAGE", "STAGE", "SST_RESOURCE_App"]) {
      vi.stubEnv(name, "");
      delete process.env[name];
    }
    const local = capture();
    local.logger.info("a");
    expect(local.records()[0]?.stage).toBe("local");

    vi.stubEnv("SST_RESOURCE_App", JSON.stringify({ name: "shipyard", stage: "pr-12" }));
    const fromApp = capture();
    fromApp.logger.info("app");
    expect(fromApp.records()[0]?.stage).toBe("pr-12");

    vi.stubEnv("STAGE", "staging");
    const fromStage = capture();
    fromStage.logger.info("b");
    expect(fromStage.records()[0]?.stage).toBe("staging");

    vi.stubEnv("SST_STAGE", "production");
    const fromSst = capture();
    fromSst.logger.info("c");
    expect(fromSst.records()[0]?.stage).toBe("production");
  });

  it("filters by the level option", () => {
    const { logger, records } = capture({ level: "WARN" });
    logger.info("hidden");
    logger.debug("hidden");
    logger.warn("shown");
    logger.error("shown too");
    expect(records().map((r) => [r.level, r.message])).toEqual([
      ["WARN", "shown"],
      ["ERROR", "shown too"],
    ]);
  });

  it("reads the level from LOG_LEVEL when no option is given", () => {
    vi.stubEnv("LOG_LEVEL", "DEBUG");
    const { logger, records } = capture();
    logger.debug("visible");
    expect(records()).toMatchObject([{ level: "DEBUG", message: "visible" }]);

    vi.stubEnv("LOG_LEVEL", "ERROR");
    const quiet = capture();
    quiet.logger.warn("not visible");
    expect(quiet.lines).toEqual([]);
  });

  it("binds correlation ids on a child logger without touching the parent", () => {
    const { logger, records } = capture({ stage: "dev" });
    const child = logger.withContext({ requestId: "req-1" });
    const grandChild = child.withContext({ messageId: "msg-1" });

    child.info("from child");
    grandChild.info("from grandchild");
    logger.info("from parent");

    const [fromChild, fromGrandChild, fromParent] = records();
    expect(fromChild).toMatchObject({ requestId: "req-1", service: "orders", stage: "dev" });
    expect(fromGrandChild).toMatchObject({ requestId: "req-1", messageId: "msg-1" });
    expect(fromParent).not.toHaveProperty("requestId");
  });

  it("serialises errors with name, message and stack", () => {
    const { logger, records } = capture();
    logger.error("failed", new Error("boom"));
    const error = records()[0]?.error as Record<string, unknown>;
    expect(error).toMatchObject({ name: "Error", message: "boom" });
    expect(String(error.stack)).toContain("logger.test.ts");
  });

  it("writes to stdout when no sink is given", () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      createLogger({ service: "orders", stage: "dev" }).info("to stdout", { token: "t" });
      const line = write.mock.calls
        .map(([chunk]) => String(chunk))
        .find((c) => c.includes("to stdout"));
      expect(JSON.parse(String(line))).toMatchObject({ service: "orders", token: "[REDACTED]" });
    } finally {
      write.mockRestore();
    }
  });
  it("writes WARN and above to stderr, as powertools does", () => {
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const logger = createLogger({ service: "orders", stage: "dev" });
      logger.warn("careful");
      logger.error("broken");
      const written = (spy: typeof stdout) => spy.mock.calls.map(([chunk]) => String(chunk));
      expect(written(stderr).filter((c) => c.includes('"service":"orders"'))).toHaveLength(2);
      expect(written(stdout).some((c) => c.includes("careful"))).toBe(false);
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });

  it("writes DEBUG lines of a sampled logger and the rate, with POWERTOOLS_LOGGER_SAMPLE_RATE", () => {
    vi.stubEnv("POWERTOOLS_LOGGER_SAMPLE_RATE", "1");
    const { logger, records } = capture();
    logger.debug("sampled");
    expect(records()).toMatchObject([{ level: "DEBUG", message: "sampled", sampling_rate: 1 }]);
  });
});

describe("redaction", () => {
  it("redacts secret-looking keys at any depth, case-insensitively", () => {
    const { logger, lines, records } = capture();
    logger.info("request", {
      password: "hunter2",
      user: { name: "ada", Password: "p", apiKey: "k1", api_key: "k2" },
      headers: { Authorization: "Bearer abc", cookie: "sid=1", "x-api-key": "k3", accept: "*/*" },
      aws: { accessKeyId: "AKIA", secretAccessKey: "s", sessionToken: "st" },
      db: { connectionString: "postgres://u:p@h/db", host: "h" },
      list: [{ refreshToken: "r" }, { clientSecret: "c" }],
    });

    expect(records()[0]).toMatchObject({
      password: "[REDACTED]",
      user: { name: "ada", Password: "[REDACTED]", apiKey: "[REDACTED]", api_key: "[REDACTED]" },
      headers: {
        Authorization: "[REDACTED]",
        cookie: "[REDACTED]",
        "x-api-key": "[REDACTED]",
        accept: "*/*",
      },
      aws: { accessKeyId: "[REDACTED]", secretAccessKey: "[REDACTED]", sessionToken: "[REDACTED]" },
      db: { connectionString: "[REDACTED]", host: "h" },
      list: [{ refreshToken: "[REDACTED]" }, { clientSecret: "[REDACTED]" }],
    });
    for (const secret of ["hunter2", "Bearer abc", "sid=1", "AKIA", "postgres://", "k1", "k3"]) {
      expect(lines[0]).not.toContain(secret);
    }
  });

  it("redacts a whole object stored under a secret key", () => {
    const { logger, records } = capture();
    logger.info("creds", { credentials: { secret: { nested: "x" } } });
    expect(records()[0]).toMatchObject({ credentials: { secret: "[REDACTED]" } });
  });

  it("redacts keys bound with withContext and extra keys given as an option", () => {
    const { logger, lines, records } = capture({ redact: ["ssn"] });
    logger.withContext({ sessionToken: "tok" }).info("hello", { customer: { SSN: "123" } });
    expect(records()[0]).toMatchObject({
      sessionToken: "[REDACTED]",
      customer: { SSN: "[REDACTED]" },
    });
    expect(lines[0]).not.toContain('tok"');
  });
});
