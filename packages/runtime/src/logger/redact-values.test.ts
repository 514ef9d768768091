import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

/** Issue 9, defect 7: redaction by key name alone missed these. */
function logged(write: (logger: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  write(createLogger({ service: "orders", stage: "test", write: (line) => lines.push(line) }));
  return lines.join("\n");
}

const SECRET = "s3cr3t-Value-42";

describe("log redaction", () => {
  it.each([
    "accessKey",
    "pwd",
    "pass",
    "bearer",
    "jwt",
    "signature",
    "dsn",
    "X-Amz-Signature",
    "clientSecret",
  ])("redacts the value of a %s key", (key) => {
    const line = logged((logger) => logger.info("call", { [key]: SECRET }));
    expect(line).not.toContain(SECRET);
    expect(line).toContain("[REDACTED]");
  });

  it("keeps keys that merely contain a short fragment", () => {
    const line = logged((logger) =>
      logger.info("trip", { passenger: "Ada", compass: "north", bypass: "no" }),
    );
    expect(line).toContain("Ada");
    expect(line).toContain("north");
  });

  it.each([
    [
      "a password inside a connection URL",
      `postgres://app:${SECRET}@db.internal:5432/orders`,
      "postgres://app:[REDACTED]@db.internal:5432/orders",
    ],
    [
      "an access token in a query string",
      `https://api.example.com/cb?state=1&access_token=${SECRET}&x=2`,
      "access_token=[REDACTED]&x=2",
    ],
    [
      "a signature in a presigned URL",
      `https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIA&X-Amz-Signature=${SECRET}`,
      "X-Amz-Signature=[REDACTED]",
    ],
    ["a bearer token in a header value", `Bearer ${SECRET}`, "Bearer [REDACTED]"],
    [
      "a key=value secret in free text",
      `retrying with password=${SECRET} now`,
      "password=[REDACTED] now",
    ],
  ])("redacts %s in any string value", (_label, value, expected) => {
    const line = logged((logger) => logger.info("call", { url: value, nested: { note: value } }));
    expect(line).not.toContain(SECRET);
    expect(line).toContain(expected);
  });

  it("redacts secrets inside an Error's message and stack", () => {
    const line = logged((logger) =>
      logger.error("connect failed", new Error(`cannot reach postgres://app:${SECRET}@db/orders`)),
    );
    expect(line).not.toContain(SECRET);
    expect(line).toContain("postgres://app:[REDACTED]@db/orders");
  });

  it("redacts the log message itself", () => {
    expect(logged((logger) => logger.warn(`token=${SECRET}`))).not.toContain(SECRET);
  });
});
