import { rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { output, WorkspaceCopy } from "./workspace";

/**
 * A new user's path: generate services of every kind into a real workspace, then run their targets
 * through Nx. Names and options differ from the generator's unit tests on purpose.
 */
const services = [
  { name: "ledger", kind: "http", options: ["--database", "postgres", "--bucket"] },
  { name: "mailer", kind: "worker", options: [] },
  {
    name: "nightly-report",
    kind: "cron",
    options: ["--schedule", "cron(0 3 * * ? *)", "--bucket"],
  },
] as const;

describe("nx g @acme/platform:service, end to end", () => {
  let workspace: WorkspaceCopy;

  beforeAll(() => {
    workspace = new WorkspaceCopy();
  });
  afterAll(() => workspace?.remove());

  it("refuses bad input and leaves the working tree as it was", () => {
    const attempts = [
      ["Ledger", "--kind", "http", "--owner", "payments"],
      ["9lives", "--kind", "http", "--owner", "payments"],
      ["a-name-much-too-long-for-aws", "--kind", "http", "--owner", "payments"],
      ["runtime", "--kind", "http", "--owner", "payments"],
      ["ledger", "--kind", "grpc", "--owner", "payments"],
      ["ledger", "--kind", "http", "--owner", "Payments Team"],
      ["ledger", "--kind", "http", "--owner", "payments", "--schedule", "rate(1 hour)"],
    ];
    for (const args of attempts) {
      const result = workspace.nx(
        "g",
        "@acme/platform:service",
        ...args,
        "--no-interactive",
        "--skipInstall",
      );
      expect(result.status, output(result)).not.toBe(0);
      expect(workspace.changes(), args.join(" ")).toEqual([]);
    }
  });

  it("refuses a dangling link at apps/<name> and writes nothing (CODEOWNERS included)", () => {
    const link = join(workspace.root, "apps", "ledger");
    symlinkSync(join(workspace.root, "nowhere"), link);
    try {
      const result = workspace.nx(
        "g",
        "@acme/platform:service",
        "ledger",
        "--kind",
        "http",
        "--owner",
        "payments",
        "--no-interactive",
        "--skipInstall",
      );
      expect(result.status, output(result)).not.toBe(0);
      expect(workspace.changes()).toEqual(["?? apps/ledger"]);
      expect(output(result)).toContain("apps/ledger is a symbolic link to");
    } finally {
      rmSync(link);
    }
  });

  it("--dry-run lists the files it would write and writes none", () => {
    const result = workspace.nx(
      "g",
      "@acme/platform:service",
      "ledger",
      "--kind",
      "http",
      "--owner",
      "payments",
      "--no-interactive",
      "--dry-run",
    );
    expect(result.status, output(result)).toBe(0);
    expect(result.stdout).toContain("CREATE apps/ledger/sst.config.ts");
    expect(result.stdout).toContain("CREATE apps/ledger/src/app.ts");
    expect(workspace.changes()).toEqual([]);
  });

  it("generates every kind, and each passes typecheck, lint, format check, tests, infra, the platform checks and the policy", () => {
    for (const service of services) {
      const result = workspace.nx(
        "g",
        "@acme/platform:service",
        service.name,
        "--kind",
        service.kind,
        "--owner",
        "payments",
        ...service.options,
        "--no-interactive",
        "--skipInstall",
      );
      expect(result.status, output(result)).toBe(0);
    }
    const projects = services.map((service) => `@acme/${service.name}`).join(",");
    const run = workspace.nx(
      "run-many",
      "-t",
      "typecheck",
      "lint",
      "format-check",
      "test",
      "infra",
      "platform-check",
      "policy",
      "-p",
      projects,
      "--output-style=static",
    );
    expect(run.status, output(run)).toBe(0);
    expect(run.stdout).toMatch(
      /Successfully ran targets typecheck, lint, format-check, test, infra, platform-check, policy/,
    );
  });

  it("refuses to generate a service that exists, and changes nothing", () => {
    const before = workspace.changes();
    const result = workspace.nx(
      "g",
      "@acme/platform:service",
      "mailer",
      "--kind",
      "worker",
      "--owner",
      "payments",
      "--no-interactive",
      "--skipInstall",
    );
    expect(result.status, output(result)).not.toBe(0);
    expect(output(result)).toMatch(/mailer/);
    expect(workspace.changes()).toEqual(before);
  });
});
