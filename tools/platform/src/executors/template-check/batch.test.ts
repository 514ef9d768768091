import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireWorkspaceRoot } from "@acme/contract";
import type { ExecutorContext, TaskGraph } from "@nx/devkit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import templateCheckBatch from "./batch";
import templateCheckExecutor from "./executor";

const source = requireWorkspaceRoot(__dirname);
const services = ["apps/orders", "apps/notifications", "apps/billing-report"];
let root: string;

/** A workspace of the three examples and the templates; notifications' consumer left mid-merge. */
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "shipyard-template-check-"));
  for (const path of ["package.json", "CODEOWNERS", "generators", ...services]) {
    cpSync(join(source, path), join(root, path), {
      recursive: true,
      filter: (from) => !/[/\\](node_modules|\.sst|dist)$/.test(from),
    });
  }
  const consumer = join(root, "apps/notifications/src/consumer.ts");
  const text = readFileSync(consumer, "utf8");
  writeFileSync(consumer, `<<<<<<< yours\n${text}=======\n${text}>>>>>>> template 9.9.9\n`);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function context(projectName?: string): ExecutorContext {
  const projects = Object.fromEntries(
    services.map((service) => [service.slice(5), { root: service }]),
  );
  return {
    root,
    cwd: root,
    isVerbose: false,
    projectName,
    projectsConfigurations: { version: 2, projects },
  } as unknown as ExecutorContext;
}

function taskGraph(): TaskGraph {
  const tasks = Object.fromEntries(
    services.map((service) => {
      const project = service.slice(5);
      const id = `${project}:template-check`;
      return [id, { id, target: { project, target: "template-check" }, projectRoot: service }];
    }),
  );
  return { roots: Object.keys(tasks), tasks, dependencies: {} } as unknown as TaskGraph;
}

/** What the single executor prints for one service, and its verdict. */
async function alone(project: string): Promise<{ success: boolean; output: string }> {
  const printed: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((text) => printed.push(`${text}\n`));
  const error = vi.spyOn(console, "error").mockImplementation((text) => printed.push(`${text}\n`));
  try {
    const { success } = await templateCheckExecutor({}, context(project));
    return { success, output: printed.join("") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe("template-check in a batch", () => {
  it("gives every service its own verdict, with the lines the single executor prints", async () => {
    const printed: string[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation((text) => {
      printed.push(String(text));
      return true;
    });
    const results = await templateCheckBatch(taskGraph(), {}, {}, context()).finally(() =>
      stderr.mockRestore(),
    );
    // Nx shows the batch's own output: the failing service's lines are printed under its name.
    expect(printed.join("")).toBe(
      `\n> notifications:template-check\n\n${results["notifications:template-check"]?.terminalOutput}`,
    );
    expect(Object.keys(results).sort()).toEqual([
      "billing-report:template-check",
      "notifications:template-check",
      "orders:template-check",
    ]);
    expect(results["orders:template-check"]?.success).toBe(true);
    expect(results["billing-report:template-check"]?.success).toBe(true);
    expect(results["notifications:template-check"]?.success).toBe(false);
    expect(results["notifications:template-check"]?.terminalOutput).toMatch(
      /apps\/notifications\/src\/consumer\.ts still holds conflict markers \(lines 1, \d+, \d+\)/,
    );
    for (const project of ["orders", "notifications", "billing-report"]) {
      const single = await alone(project);
      expect(results[`${project}:template-check`]).toMatchObject({
        success: single.success,
        terminalOutput: single.output,
      });
    }
  });
});
